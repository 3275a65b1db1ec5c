/**
 * Reading and writing ONNX tensor payloads. Everything is normalised to little-endian
 * `rawData` (the layout `torch.onnx.export` writes), so only one decoding path exists.
 */

import { float16ToFloat32 } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { ONNX_DATA_TYPE as DT, type OnnxTensor } from './types.js';

const BYTES_PER_ELEMENT: Record<number, number> = {
  [DT.FLOAT]: 4,
  [DT.UINT8]: 1,
  [DT.INT8]: 1,
  [DT.UINT16]: 2,
  [DT.INT16]: 2,
  [DT.INT32]: 4,
  [DT.INT64]: 8,
  [DT.BOOL]: 1,
  [DT.FLOAT16]: 2,
  [DT.DOUBLE]: 8,
  [DT.UINT32]: 4,
  [DT.UINT64]: 8,
  [DT.BFLOAT16]: 2,
};

/** Number of elements of a tensor (1 for a scalar). */
export function elementCount(tensor: OnnxTensor): number {
  return (tensor.dims ?? []).reduce((a, b) => a * b, 1);
}

/** True for the floating-point element types snowblind differentiates through. */
export function isFloatType(dataType: number): boolean {
  return (
    dataType === DT.FLOAT || dataType === DT.FLOAT16 || dataType === DT.DOUBLE || dataType === DT.BFLOAT16
  );
}

/**
 * Move a tensor's typed `*Data` payload into `rawData` (in place). `int32Data` holds every
 * narrow type widened to int32, float16 included (as its bit pattern), per the ONNX spec.
 */
export function normaliseTensorData(tensor: OnnxTensor): void {
  if (tensor.rawData !== undefined || tensor.dataType === DT.STRING) return;
  const n = elementCount(tensor);
  const width = BYTES_PER_ELEMENT[tensor.dataType];
  if (width === undefined) return;
  const raw = new Uint8Array(n * width);
  const view = new DataView(raw.buffer);
  const dt = tensor.dataType;
  const put = <T>(data: T[] | undefined, set: (v: T, i: number) => void) => {
    for (let i = 0; i < (data?.length ?? 0); i++) set(data![i]!, i);
  };
  if (dt === DT.FLOAT) put(tensor.floatData, (v, i) => view.setFloat32(i * 4, v, true));
  else if (dt === DT.DOUBLE) put(tensor.doubleData, (v, i) => view.setFloat64(i * 8, v, true));
  else if (dt === DT.INT64) put(tensor.int64Data, (v, i) => view.setBigInt64(i * 8, toBigInt64(v), true));
  else if (dt === DT.UINT32) put(tensor.uint64Data, (v, i) => view.setUint32(i * 4, v, true));
  else if (dt === DT.UINT64) put(tensor.uint64Data, (v, i) => view.setBigUint64(i * 8, BigInt(v), true));
  else {
    const data = tensor.int32Data ?? [];
    for (let i = 0; i < data.length; i++) {
      if (width === 4) view.setInt32(i * 4, data[i]!, true);
      else if (width === 2) view.setUint16(i * 2, data[i]! & 0xffff, true);
      else view.setUint8(i, data[i]! & 0xff);
    }
  }
  tensor.rawData = raw;
  delete tensor.floatData;
  delete tensor.doubleData;
  delete tensor.int32Data;
  delete tensor.int64Data;
  delete tensor.uint64Data;
}

// int64 arrives as a JS number; INT64_MAX (a common Slice end) rounds up to 2^63 and must clamp.
function toBigInt64(v: number): bigint {
  if (v >= 2 ** 63) return 2n ** 63n - 1n;
  if (v <= -(2 ** 63)) return -(2n ** 63n);
  return BigInt(Math.trunc(v));
}

function rawView(tensor: OnnxTensor): DataView {
  normaliseTensorData(tensor);
  const raw = tensor.rawData;
  if (raw === undefined) {
    throw new SnowblindError('BAD_MODEL', `tensor ${tensor.name ?? '(unnamed)'} has no data`, {
      hint: 'external data must be loaded first: pass baseDir to parseOnnxModel',
    });
  }
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** A floating-point tensor's values as float32 (float16 and double are converted). */
export function tensorToFloat32(tensor: OnnxTensor): Float32Array {
  const view = rawView(tensor);
  const n = elementCount(tensor);
  const out = new Float32Array(n);
  const dt = tensor.dataType;
  if (dt === DT.FLOAT) for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  else if (dt === DT.FLOAT16) {
    const bits = new Uint16Array(n);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true);
    out.set(float16ToFloat32(bits));
  } else if (dt === DT.DOUBLE) for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  else if (dt === DT.BFLOAT16) {
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    for (let i = 0; i < n; i++) {
      bits[0] = view.getUint16(i * 2, true) << 16;
      out[i] = f[0]!;
    }
  } else return Float32Array.from(tensorToNumbers(tensor));
  return out;
}

/** An integer (or bool) tensor's values as JS numbers; int64 beyond 2^53 loses precision. */
export function tensorToNumbers(tensor: OnnxTensor): number[] {
  if (isFloatType(tensor.dataType)) return Array.from(tensorToFloat32(tensor));
  const view = rawView(tensor);
  const n = elementCount(tensor);
  const out: number[] = new Array(n);
  const dt = tensor.dataType;
  for (let i = 0; i < n; i++) {
    if (dt === DT.INT64) out[i] = Number(view.getBigInt64(i * 8, true));
    else if (dt === DT.UINT64) out[i] = Number(view.getBigUint64(i * 8, true));
    else if (dt === DT.INT32) out[i] = view.getInt32(i * 4, true);
    else if (dt === DT.UINT32) out[i] = view.getUint32(i * 4, true);
    else if (dt === DT.INT16) out[i] = view.getInt16(i * 2, true);
    else if (dt === DT.UINT16) out[i] = view.getUint16(i * 2, true);
    else if (dt === DT.INT8) out[i] = view.getInt8(i);
    else out[i] = view.getUint8(i);
  }
  return out;
}

/** A float32 tensor from values. */
export function float32Tensor(name: string, dims: readonly number[], values: ArrayLike<number>): OnnxTensor {
  const data = Float32Array.from(values);
  return { name, dims: [...dims], dataType: DT.FLOAT, rawData: new Uint8Array(data.buffer) };
}

/** An int64 tensor from values (clamped to the int64 range). */
export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): OnnxTensor {
  const data = BigInt64Array.from(values, toBigInt64);
  return { name, dims: [...dims], dataType: DT.INT64, rawData: new Uint8Array(data.buffer) };
}
