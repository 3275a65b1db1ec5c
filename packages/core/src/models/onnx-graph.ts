/**
 * Just enough of the ONNX protobuf to see which operator produces each graph output, so
 * `outputKind: 'auto'` can recognise a final Softmax without the `onnx` package (onnxruntime's
 * JS API exposes no graph). Field numbers from onnx.proto: ModelProto.graph = 7;
 * GraphProto.node = 1, GraphProto.output = 12; NodeProto.output = 2, NodeProto.op_type = 4;
 * ValueInfoProto.name = 1.
 */

interface Field {
  readonly num: number;
  readonly wire: number;
  /** For length-delimited fields: [start, end) of the payload. */
  readonly start: number;
  readonly end: number;
  /** For varint fields: the value. */
  readonly value: number;
}

function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new Error('truncated varint');
      const byte = buf[pos++]!;
      // Multiplication instead of << keeps values above 2^31 exact (lengths, skipped int64s).
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  };
  while (pos < end) {
    const key = varint();
    const num = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const value = varint();
      yield { num, wire, start: pos, end: pos, value };
    } else if (wire === 1) {
      pos += 8;
      yield { num, wire, start: pos, end: pos, value: 0 };
    } else if (wire === 2) {
      const len = varint();
      const s = pos;
      pos += len;
      if (pos > end) throw new Error('truncated field');
      yield { num, wire, start: s, end: pos, value: 0 };
    } else if (wire === 5) {
      pos += 4;
      yield { num, wire, start: pos, end: pos, value: 0 };
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

const utf8 = new TextDecoder();

/**
 * Map each graph output name of an ONNX model to the `op_type` of the node that produces it.
 * Returns an empty map when the bytes are not a parseable model (the caller then falls back to
 * looking at the numbers).
 */
export function onnxOutputOps(model: Uint8Array): Map<string, string> {
  const result = new Map<string, string>();
  try {
    for (const top of fields(model, 0, model.length)) {
      if (top.num !== 7 || top.wire !== 2) continue;
      const producers = new Map<string, string>();
      const outputs: string[] = [];
      for (const g of fields(model, top.start, top.end)) {
        if (g.wire !== 2) continue;
        if (g.num === 1) {
          let op = '';
          const outs: string[] = [];
          for (const n of fields(model, g.start, g.end)) {
            if (n.wire !== 2) continue;
            if (n.num === 2) outs.push(utf8.decode(model.subarray(n.start, n.end)));
            else if (n.num === 4) op = utf8.decode(model.subarray(n.start, n.end));
          }
          for (const o of outs) producers.set(o, op);
        } else if (g.num === 12) {
          for (const v of fields(model, g.start, g.end)) {
            if (v.num === 1 && v.wire === 2) outputs.push(utf8.decode(model.subarray(v.start, v.end)));
          }
        }
      }
      for (const o of outputs) {
        const op = producers.get(o);
        if (op !== undefined) result.set(o, op);
      }
    }
  } catch {
    return new Map();
  }
  return result;
}

/**
 * Length-delimited sub-messages that can hold tensors, by message: GraphProto node (1),
 * initializer (5), sparse_initializer (15); NodeProto attribute (5); AttributeProto t (5),
 * g (6), tensors (10), graphs (11), sparse_tensor (22), sparse_tensors (23); SparseTensorProto
 * values (1), indices (2); ModelProto graph (7), training_info (20), functions (25);
 * TrainingInfoProto initialization (1), algorithm (2); FunctionProto node (7).
 */
type Message = 'model' | 'graph' | 'node' | 'attribute' | 'sparse' | 'function' | 'training' | 'tensor';
const CHILDREN: Record<Message, Readonly<Record<number, Message>>> = {
  model: { 7: 'graph', 20: 'training', 25: 'function' },
  training: { 1: 'graph', 2: 'graph' },
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  sparse: { 1: 'tensor', 2: 'tensor' },
  function: { 7: 'node' },
  tensor: {},
};
/** TensorProto.data_location = 14; DataLocation.EXTERNAL = 1. */
const DATA_LOCATION = 14;
const EXTERNAL = 1;

/**
 * True when any tensor of an ONNX model (initializers, sparse initializers, attribute tensors,
 * in subgraphs and functions too) keeps its data in an external file. onnxruntime resolves such
 * files against the working directory when it gets bytes, so they must be inlined (or refused)
 * first. Bytes this scanner cannot walk (e.g. deprecated protobuf groups, which onnxruntime
 * skips) count as having some, so the caller parses them fully rather than trusting them.
 */
export function onnxHasExternalData(model: Uint8Array): boolean {
  const visit = (kind: Message, start: number, end: number): boolean => {
    for (const f of fields(model, start, end)) {
      if (kind === 'tensor' && f.num === DATA_LOCATION && f.wire === 0 && f.value === EXTERNAL) return true;
      const child = CHILDREN[kind][f.num];
      if (child && f.wire === 2 && visit(child, f.start, f.end)) return true;
    }
    return false;
  };
  try {
    return visit('model', 0, model.length);
  } catch {
    return true;
  }
}
