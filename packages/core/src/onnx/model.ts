import { readFileSync, statSync } from 'node:fs';
import protobuf from 'protobufjs';
import { SnowblindError } from '../errors.js';
import { resolveInside } from '../safe-path.js';
import { ONNX_SCHEMA } from './onnx-schema.js';
import { normaliseTensorData } from './tensor-data.js';
import type { OnnxGraph, OnnxModel, OnnxTensor } from './types.js';

let modelType: protobuf.Type | undefined;

function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace).lookupType(
    'onnx.ModelProto',
  );
  return modelType;
}

/** Options for {@link parseOnnxModel}. */
export interface ParseOnnxOptions {
  /**
   * Folder that external tensor data paths are relative to (the folder of the `.onnx` file).
   * Needed only for models saved with `save_as_external_data`.
   */
  baseDir?: string;
}

/**
 * Parse ONNX model bytes into a plain {@link OnnxModel}. Tensor payloads (initializers and
 * `Constant` values, in subgraphs too) are normalised to little-endian `rawData`; external data
 * is read from `options.baseDir`.
 *
 * @throws SnowblindError `BAD_MODEL` when the bytes are not an ONNX model, `FILE_NOT_FOUND` when
 * an external data file is missing.
 */
export function parseOnnxModel(bytes: Uint8Array, options: ParseOnnxOptions = {}): OnnxModel {
  let model: OnnxModel;
  try {
    const type = onnxModelType();
    const message = type.decode(bytes);
    model = type.toObject(message, { longs: Number }) as OnnxModel;
  } catch (error) {
    throw new SnowblindError('BAD_MODEL', `not an ONNX model: ${(error as Error).message}`, {
      hint: 'pass the bytes of a .onnx file (e.g. written by torch.onnx.export)',
      cause: error,
    });
  }
  if (!model.graph) {
    throw new SnowblindError('BAD_MODEL', 'ONNX model has no graph', {
      hint: 'pass the bytes of a .onnx file (e.g. written by torch.onnx.export)',
    });
  }
  const loadExternalData = externalDataReader(options.baseDir);
  forEachTensor(model.graph, (tensor) => {
    if (tensor.dataLocation === 1) loadExternalData(tensor);
    normaliseTensorData(tensor);
  });
  return model;
}

/** Serialize an {@link OnnxModel} back to ONNX protobuf bytes. */
export function serializeOnnxModel(model: OnnxModel): Uint8Array {
  const type = onnxModelType();
  return type.encode(type.fromObject(model)).finish();
}

/** Visit every tensor of a graph: initializers and tensor attributes, subgraphs included. */
export function forEachTensor(graph: OnnxGraph, visit: (tensor: OnnxTensor) => void): void {
  for (const tensor of graph.initializer ?? []) visit(tensor);
  for (const node of graph.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      if (attribute.t) visit(attribute.t);
      for (const t of attribute.tensors ?? []) visit(t);
      if (attribute.g) forEachTensor(attribute.g, visit);
      for (const g of attribute.graphs ?? []) forEachTensor(g, visit);
    }
  }
}

/**
 * Loads external tensor data for one parse: each file read once, from inside `baseDir` only,
 * each tensor's range checked against its file, and no more bytes handed out than the files
 * hold — a model naming one file for ten thousand tensors would otherwise be inlined ten
 * thousand times.
 */
function externalDataReader(baseDir: string | undefined): (tensor: OnnxTensor) => void {
  const files = new Map<string, Buffer>();
  let unclaimed = 0;
  const bad = (message: string) =>
    new SnowblindError('BAD_MODEL', message, {
      hint: 're-save the model with onnx.save_model(..., save_as_external_data=True)',
    });
  const read = (path: string, location: string): Buffer => {
    let file = files.get(path);
    if (file) return file;
    try {
      if (!statSync(path).isFile()) throw bad(`external data "${location}" is not a regular file`);
      file = readFileSync(path);
    } catch (error) {
      if (error instanceof SnowblindError) throw error;
      throw new SnowblindError('FILE_NOT_FOUND', `cannot read external data file "${location}"`, {
        hint: 'keep the external data files beside the .onnx file',
        cause: error,
      });
    }
    files.set(path, file);
    unclaimed += file.byteLength;
    return file;
  };
  return (tensor) => {
    const entries = new Map((tensor.externalData ?? []).map((e) => [e.key, e.value]));
    const location = entries.get('location');
    if (location === undefined) throw bad(`tensor ${tensor.name} is external but has no location`);
    if (baseDir === undefined) {
      throw new SnowblindError('BAD_INPUT', `tensor ${tensor.name} is stored in external file ${location}`, {
        hint: 'pass { baseDir: <folder of the .onnx file> } to parseOnnxModel',
      });
    }
    // ONNX requires a relative path inside the model folder; refuse anything that escapes it,
    // symlinks included.
    const file = read(resolveInside(baseDir, location, `external data of tensor ${tensor.name}`), location);
    const offset = Number(entries.get('offset') ?? 0);
    const length = entries.has('length') ? Number(entries.get('length')) : file.byteLength - offset;
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset + length > file.byteLength
    ) {
      throw bad(`tensor ${tensor.name}: its offset and length do not lie within "${location}"`);
    }
    unclaimed -= length;
    if (unclaimed < 0) throw bad('the external data files are claimed by more tensor bytes than they hold');
    tensor.rawData = new Uint8Array(file.buffer, file.byteOffset + offset, length);
    delete tensor.externalData;
    delete tensor.dataLocation;
  };
}
