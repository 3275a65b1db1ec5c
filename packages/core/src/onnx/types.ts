/**
 * Plain-object view of an ONNX model, mirroring the protobuf messages field for field (camelCase,
 * int64 as `number`). Tensor payloads are normalised to little-endian `rawData` at parse time,
 * so code that reads initializers never looks at the typed `*Data` fields or external files.
 */

/** `key`/`value` pair (ONNX `StringStringEntryProto`). */
export interface OnnxStringEntry {
  key: string;
  value: string;
}

/** One opset import: an empty `domain` is the default `ai.onnx` domain. */
export interface OnnxOpsetId {
  domain?: string;
  version: number;
}

/** A tensor value (initializer or attribute), see {@link ONNX_DATA_TYPE} for `dataType`. */
export interface OnnxTensor {
  name?: string;
  dims?: number[];
  dataType: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  uint64Data?: number[];
  stringData?: Uint8Array[];
  externalData?: OnnxStringEntry[];
  dataLocation?: number;
  docString?: string;
}

/** One dimension of a tensor shape: a number, a symbolic name, or neither (unknown). */
export interface OnnxDimension {
  dimValue?: number;
  dimParam?: string;
  denotation?: string;
}

/** A value's type; only tensor types are understood, others pass through as bytes. */
export interface OnnxType {
  tensorType?: { elemType?: number; shape?: { dim?: OnnxDimension[] } };
  sequenceType?: Uint8Array;
  mapType?: Uint8Array;
  optionalType?: Uint8Array;
  sparseTensorType?: Uint8Array;
  denotation?: string;
}

/** A graph input, output or annotated intermediate value. */
export interface OnnxValueInfo {
  name: string;
  type?: OnnxType;
  docString?: string;
}

/** A node attribute; `type` says which of the value fields is used (see ONNX AttributeType). */
export interface OnnxAttribute {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  tensors?: OnnxTensor[];
  graphs?: OnnxGraph[];
  refAttrName?: string;
  docString?: string;
}

/** One operator application. */
export interface OnnxNode {
  name?: string;
  opType: string;
  domain?: string;
  input?: string[];
  output?: string[];
  attribute?: OnnxAttribute[];
  docString?: string;
}

/** A computation graph; `node` is topologically sorted. */
export interface OnnxGraph {
  name?: string;
  node?: OnnxNode[];
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
  docString?: string;
}

/** A parsed ONNX model (`ModelProto`). */
export interface OnnxModel {
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph: OnnxGraph;
  opsetImport?: OnnxOpsetId[];
  metadataProps?: OnnxStringEntry[];
}

/** ONNX `TensorProto.DataType` values used by snowblind. */
export const ONNX_DATA_TYPE = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

/** ONNX `AttributeProto.AttributeType` values. */
export const ONNX_ATTRIBUTE_TYPE = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;
