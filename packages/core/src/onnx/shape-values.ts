/**
 * Element values of the small tensors exporters compute shapes with: elementwise integer and
 * boolean arithmetic with broadcasting (Add … Mod, Equal, Where, Max, Cast), Range,
 * ConstantOfShape and Expand. `null` marks an unknown element; anything larger than
 * {@link MAX_TRACKED_VALUES} elements is not tracked.
 */
import { attrInt } from './attributes.js';
import type { Dim, ValueInfo } from './shape-inference.js';
import { ONNX_DATA_TYPE as DT } from './types.js';

/** Largest tensor whose element values are tracked. */
export const MAX_TRACKED_VALUES = 64;

type Value = number | null;

/** True for element types whose values live in `ValueInfo.value` (integers and booleans). */
export function isIntegral(dtype: number): boolean {
  return (
    dtype === DT.INT64 ||
    dtype === DT.INT32 ||
    dtype === DT.INT16 ||
    dtype === DT.INT8 ||
    dtype === DT.UINT8 ||
    dtype === DT.UINT16 ||
    dtype === DT.UINT32 ||
    dtype === DT.UINT64 ||
    dtype === DT.BOOL
  );
}

/** The known element values of a tensor (integral or small float), `undefined` when untracked. */
export function valuesOf(info: ValueInfo | undefined): readonly Value[] | undefined {
  return info?.value ?? info?.floats;
}

/** `info` with `values` stored where its dtype says (`floats` only when all are known). */
export function withValues(info: ValueInfo, values: Value[] | undefined): ValueInfo {
  if (!values || values.length > MAX_TRACKED_VALUES) return info;
  if (isIntegral(info.dtype)) return { ...info, value: values };
  if (values.every((v) => v !== null)) return { ...info, floats: values as number[] };
  return info;
}

type Elementwise = (args: Value[], node: { integral: boolean; fmod: boolean }) => Value;

const known =
  (f: (...xs: number[]) => number | boolean): Elementwise =>
  (args) =>
    args.some((a) => a === null) ? null : Number(f(...(args as number[])));

const ELEMENTWISE: Record<string, Elementwise> = {
  Add: known((a, b) => a + b),
  Sub: known((a, b) => a - b),
  Mul: known((a, b) => a * b),
  Div: (args, mode) => known((a, b) => (mode.integral ? Math.trunc(a / b) : a / b))(args, mode),
  // ONNX Mod takes the divisor's sign (Python's %) unless fmod = 1 (C's fmod).
  Mod: (args, mode) => known((a, b) => (mode.fmod ? a % b : a - b * Math.floor(a / b)))(args, mode),
  Pow: known((a, b) => a ** b),
  Equal: known((a, b) => a === b),
  Less: known((a, b) => a < b),
  LessOrEqual: known((a, b) => a <= b),
  Greater: known((a, b) => a > b),
  GreaterOrEqual: known((a, b) => a >= b),
  And: known((a, b) => a !== 0 && b !== 0),
  Or: known((a, b) => a !== 0 || b !== 0),
  Xor: known((a, b) => (a !== 0) !== (b !== 0)),
  Not: known((a) => a === 0),
  Neg: known((a) => -a),
  Abs: known((a) => Math.abs(a)),
  Sign: known((a) => Math.sign(a)),
  Floor: known((a) => Math.floor(a)),
  Ceil: known((a) => Math.ceil(a)),
  Sqrt: known((a) => Math.sqrt(a)),
  Max: known((...xs) => Math.max(...xs)),
  Min: known((...xs) => Math.min(...xs)),
  Sum: known((...xs) => xs.reduce((s, x) => s + x, 0)),
  // An unknown condition still gives a value when both branches agree.
  Where: ([c, a, b]) => (c === null ? (a === b ? (a ?? null) : null) : c !== 0 ? (a ?? null) : (b ?? null)),
};

/** True when `op` is evaluated elementwise by {@link elementwiseValues}. */
export function isElementwiseValueOp(op: string): boolean {
  return op in ELEMENTWISE;
}

/**
 * Values of an elementwise node's output (broadcast to `dims`), `undefined` when an input's
 * values are not tracked or the output is too large.
 */
export function elementwiseValues(
  node: { opType: string; attribute?: unknown },
  inputs: readonly (ValueInfo | undefined)[],
  dims: Dim[] | undefined,
  dtype: number,
): Value[] | undefined {
  const f = ELEMENTWISE[node.opType];
  if (!f || !dims || dims.some((d) => d === null)) return undefined;
  const n = (dims as number[]).reduce((a, d) => a * d, 1);
  if (n > MAX_TRACKED_VALUES) return undefined;
  const sources = inputs.map((i) => ({ values: valuesOf(i), dims: i?.dims }));
  if (sources.some((s) => !s.values || !s.dims)) return undefined;
  const mode = {
    integral: isIntegral(dtype) || inputs.every((i) => i && isIntegral(i.dtype)),
    fmod: attrInt(node as never, 'fmod', 0) === 1,
  };
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    const args = sources.map((s) => s.values![broadcastIndex(i, dims as number[], s.dims!)] ?? null);
    out.push(f(args, mode));
  }
  return out;
}

/** Values of `info` broadcast to `dims` (Expand), `undefined` when untracked or too large. */
export function expandValues(info: ValueInfo | undefined, dims: Dim[] | undefined): Value[] | undefined {
  const values = valuesOf(info);
  if (!values || !info?.dims || !dims || dims.some((d) => d === null)) return undefined;
  return pickValues(values, info.dims, dims, (c) =>
    c.slice(c.length - info.dims!.length).map((v, k) => (info.dims![k] === 1 ? 0 : v)),
  );
}

/** Flat index into a tensor of `from` dims of element `i` of its broadcast to `to` dims. */
export function broadcastIndex(i: number, to: readonly number[], from: readonly Dim[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let k = to.length - 1; k >= 0; k--) {
    const coordinate = rest % to[k]!;
    rest = Math.floor(rest / to[k]!);
    const j = k - (to.length - from.length);
    if (j < 0) continue;
    const size = from[j] ?? 1;
    if (size !== 1) index += coordinate * stride;
    stride *= size ?? 1;
  }
  return index;
}

/** Values cast to `to` (truncated to integers, booleans as 0/1). */
export function castValues(values: readonly Value[], to: number): Value[] {
  if (to === DT.BOOL) return values.map((v) => (v === null ? null : Number(v !== 0)));
  return isIntegral(to) ? values.map((v) => (v === null ? null : Math.trunc(v))) : [...values];
}

/** Range(start, limit, delta) of known scalars: its length and (when small) its values. */
export function rangeInfo(inputs: readonly (ValueInfo | undefined)[], dtype: number): ValueInfo {
  const [start, limit, delta] = inputs.map((i) => valuesOf(i)?.[0] ?? null);
  if (start === null || limit === null || delta === null || delta === 0 || start === undefined)
    return { dtype, dims: [null] };
  const n = Math.max(0, Math.ceil((limit! - start) / delta!));
  const values = Array.from({ length: n }, (_, i) => start + i * delta!);
  return withValues({ dtype, dims: [n] }, values);
}

/** ConstantOfShape's output: the fill value repeated (when small). */
export function filledInfo(shape: readonly Value[] | undefined, dtype: number, fill: number): ValueInfo {
  if (!shape) return { dtype, dims: undefined };
  const dims = [...shape];
  const info: ValueInfo = { dtype, dims };
  if (dims.some((d) => d === null)) return info;
  const n = (dims as number[]).reduce((a, d) => a * d, 1);
  return withValues(info, n <= MAX_TRACKED_VALUES ? new Array<Value>(n).fill(fill) : undefined);
}

/**
 * Values of a tensor whose elements are picked from `values` (shaped `from`): element at output
 * coordinate c is input element `source(c)`. Slice and Transpose of shape tensors use it.
 */
export function pickValues(
  values: readonly Value[] | undefined,
  from: readonly Dim[],
  to: readonly Dim[],
  source: (coordinate: number[]) => number[],
): Value[] | undefined {
  if (!values || [...from, ...to].some((d) => d === null)) return undefined;
  const outDims = to as number[];
  const n = outDims.reduce((a, d) => a * d, 1);
  if (n > MAX_TRACKED_VALUES) return undefined;
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Array<number>(outDims.length);
    for (let k = outDims.length - 1, rest = i; k >= 0; k--) {
      c[k] = rest % outDims[k]!;
      rest = Math.floor(rest / outDims[k]!);
    }
    const s = source(c);
    const index = s.reduce((acc, v, k) => acc * (from[k] as number) + v, 0);
    out.push(values[index] ?? null);
  }
  return out;
}

/**
 * One axis of a Slice: ONNX's clamping of `start`/`end` (negative counts from the end) for
 * `step`, as [first index, end index, step, number of elements].
 */
export function sliceRange(
  start: number,
  end: number,
  step: number,
  size: number,
): [number, number, number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + size : v, lo), hi);
  const s = step > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
  const e = step > 0 ? clamp(end, 0, size) : clamp(end, -1, size - 1);
  return [s, e, step, Math.max(0, Math.ceil((e - s) / step))];
}
