/**
 * Resize (opset 11+) and Upsample geometry from static shapes: output sizes, and each resized
 * axis's interpolation matrix (output × input), for shape inference and the Resize gradient.
 * Follows the ONNX Resize formulas as onnxruntime implements them (coordinates clamped to the
 * input for linear, nearest indices clamped to the input range).
 */
import { attrFloats, attrInts, attrString } from './attributes.js';
import type { Dim, ValueInfo } from './shape-inference.js';
import type { OnnxNode } from './types.js';

/** The resampling a Resize/Upsample node performs along each axis. */
export interface ResizeSpec {
  mode: string;
  coordinateMode: string;
  nearestMode: string;
  /** Per axis of the input: output size (`null` when unknown) and scale (`null` when unknown). */
  outDims: Dim[];
  scales: (number | null)[];
}

/** Parse a node given what is known about its inputs (`undefined` when the rank is unknown). */
export function resizeSpec(
  node: OnnxNode,
  inputs: readonly (ValueInfo | undefined)[],
): ResizeSpec | undefined {
  const dims = inputs[0]?.dims;
  if (!dims) return undefined;
  const rank = dims.length;
  const upsample = node.opType === 'Upsample';
  const mode = attrString(node, 'mode', 'nearest');
  // Upsample (opset 7–9) and Resize-10 use asymmetric coordinates and flooring nearest neighbours.
  const legacy = upsample || (node.input?.length ?? 0) === 2;
  const coordinateMode = legacy
    ? 'asymmetric'
    : attrString(node, 'coordinate_transformation_mode', 'half_pixel');
  const nearestMode = legacy ? 'floor' : attrString(node, 'nearest_mode', 'round_prefer_floor');
  const given = legacy ? (attrFloats(node, 'scales') ?? inputs[1]?.floats) : inputs[2]?.floats;
  const sizes = legacy ? undefined : inputs[3]?.value;
  const axes = (attrInts(node, 'axes') ?? dims.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
  const outDims: Dim[] = [...dims];
  const scales: (number | null)[] = dims.map(() => 1);
  if (sizes?.length) {
    const ratios = axes.map((a, j) => {
      const s = sizes[j];
      const d = dims[a];
      return s === null || s === undefined || d === null || d === undefined ? null : s / d;
    });
    // Opset 18 keep_aspect_ratio_policy: one scale for all listed axes, sizes rounded from it.
    const policy = attrString(node, 'keep_aspect_ratio_policy', 'stretch');
    const known = ratios.every((r) => r !== null) ? (ratios as number[]) : undefined;
    const kept = known && (policy === 'not_larger' ? Math.min(...known) : Math.max(...known));
    axes.forEach((a, j) => {
      if (policy === 'stretch' || kept === undefined) {
        outDims[a] = policy === 'stretch' ? (sizes[j] ?? null) : null;
        scales[a] = ratios[j] ?? null;
      } else {
        scales[a] = kept;
        outDims[a] = Math.round(kept * (dims[a] as number));
      }
    });
  } else if (given?.length) {
    axes.forEach((a, j) => {
      const s = given[j] ?? 1;
      const d = dims[a];
      scales[a] = s;
      // onnxruntime: static_cast<int64_t>(float(d) * scale), in float32.
      outDims[a] = d === null || d === undefined ? null : Math.floor(Math.fround(d * Math.fround(s)));
    });
  } else {
    return { mode, coordinateMode, nearestMode, outDims: dims.map(() => null), scales: dims.map(() => null) };
  }
  return { mode, coordinateMode, nearestMode, outDims, scales };
}

/** Output dims of a Resize/Upsample node, `undefined` when the rank is unknown. */
export function resizeOutputDims(
  node: OnnxNode,
  inputs: readonly (ValueInfo | undefined)[],
): Dim[] | undefined {
  return resizeSpec(node, inputs)?.outDims;
}

/** Input coordinate of output index `x` (ONNX `coordinate_transformation_mode`). */
export function sourceCoordinate(
  x: number,
  inSize: number,
  outSize: number,
  scale: number,
  mode: string,
): number {
  switch (mode) {
    case 'half_pixel':
      return (x + 0.5) / scale - 0.5;
    case 'half_pixel_symmetric': {
      const adjustment = outSize / (scale * inSize);
      const offset = (inSize / 2) * (1 - adjustment);
      return offset + (x + 0.5) / scale - 0.5;
    }
    case 'pytorch_half_pixel':
      return outSize > 1 ? (x + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outSize === 1 ? 0 : (x * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return x / scale;
    case 'tf_half_pixel_for_nn':
      return (x + 0.5) / scale;
    default:
      throw new Error(`unknown coordinate_transformation_mode ${mode}`);
  }
}

function nearestIndex(c: number, mode: string): number {
  const floor = Math.floor(c);
  const half = c - floor === 0.5;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return Math.ceil(c);
    case 'round_prefer_ceil':
      return half ? floor + 1 : Math.round(c);
    default: // round_prefer_floor
      return half ? floor : Math.round(c);
  }
}

/**
 * The `outSize × inSize` matrix (row-major) of one resized axis: row i holds the weights of the
 * input elements output element i is interpolated from (`nearest` or `linear`).
 */
export function resizeMatrix(inSize: number, outSize: number, scale: number, spec: ResizeSpec): Float64Array {
  const m = new Float64Array(outSize * inSize);
  if (inSize === outSize && scale === 1) {
    // onnxruntime copies unscaled axes as they are, even where the coordinate formula would shift
    // them (tf_half_pixel_for_nn maps x to x + 0.5).
    for (let i = 0; i < inSize; i++) m[i * inSize + i] = 1;
    return m;
  }
  // onnxruntime computes coordinates in float32; rounding the same way keeps nearest ties equal.
  const f = Math.fround;
  for (let i = 0; i < outSize; i++) {
    const c = f(sourceCoordinate(i, inSize, outSize, f(scale), spec.coordinateMode));
    if (spec.mode === 'nearest') {
      const j = Math.min(Math.max(nearestIndex(c, spec.nearestMode), 0), inSize - 1);
      m[i * inSize + j] = 1;
      continue;
    }
    const clamped = Math.min(Math.max(c, 0), inSize - 1);
    const j0 = Math.floor(clamped);
    const j1 = Math.min(j0 + 1, inSize - 1);
    const w1 = clamped - j0;
    m[i * inSize + j0]! += 1 - w1;
    m[i * inSize + j1]! += w1;
  }
  return m;
}
