/**
 * TF.js weight bytes decoded without TF.js: conversion then needs no initialised TF.js backend
 * (`tf.io.decodeWeights` makes tensors, which throws while a registered wasm backend is still
 * loading).
 */
import type * as TF from '@tensorflow/tfjs';
import { float16ToFloat32 } from '../engine/index.js';

const WIDTH: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, uint16: 2 };

/** The weight data as one buffer (TF.js ≥ 4.10 may hand over a list of shards). */
function oneBuffer(data: TF.io.ModelArtifacts['weightData']): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data as ArrayBuffer;
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

function decodeOne(
  spec: TF.io.WeightsManifestEntry,
  bytes: ArrayBuffer,
  offset: number,
  count: number,
): Float32Array | undefined {
  const q = spec.quantization;
  const dtype = q ? q.dtype : spec.dtype;
  const width = WIDTH[dtype];
  if (width === undefined) return undefined;
  const slice = bytes.slice(offset, offset + count * width);
  if (dtype === 'float16') return float16ToFloat32(new Uint16Array(slice));
  if (dtype === 'float32') return new Float32Array(slice);
  if (dtype === 'int32') return Float32Array.from(new Int32Array(slice));
  const ints = dtype === 'uint16' ? new Uint16Array(slice) : new Uint8Array(slice);
  // Affine quantization: value = q · scale + min.
  const scale = q?.scale ?? 1;
  const min = q?.min ?? 0;
  return Float32Array.from(ints, (v) => v * scale + min);
}

/**
 * Decode weights to float32 by name, or `undefined` when a spec needs TF.js (strings, unknown
 * dtypes) or the bytes are too short.
 */
export function decodeRawWeights(
  specs: readonly TF.io.WeightsManifestEntry[],
  data: TF.io.ModelArtifacts['weightData'],
): Map<string, { values: Float32Array; shape: readonly number[] }> | undefined {
  const bytes = oneBuffer(data);
  const out = new Map<string, { values: Float32Array; shape: readonly number[] }>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const width = WIDTH[spec.quantization ? spec.quantization.dtype : spec.dtype];
    if (width === undefined || offset + count * width > bytes.byteLength) return undefined;
    const values = decodeOne(spec, bytes, offset, count);
    if (!values) return undefined;
    out.set(spec.name, { values, shape: spec.shape });
    offset += count * width;
  }
  return out;
}
