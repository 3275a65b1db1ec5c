import { type FoolConstraints, projectInto, quantize } from './constraints.js';
import type { Encoding } from './evolution.js';
import type { PixelSpace } from './pixel-space.js';

/**
 * The evolution's pixel encodings: δ per value (`grid` null), or a coarse `grid × grid` (× channels)
 * of values upsampled bilinearly to the image, the low-frequency encoding. Few numbers make the
 * strategy's job far easier, and bilinear interpolation stays inside the grid's value range, so an
 * L∞ box on the grid is the same box on the image. Every decoded image is projected into the
 * constraints and [0, 255], as the gradient iterates are, and rounded to bytes.
 */
export function pixelEncoding(
  space: PixelSpace,
  start: Uint8Array,
  constraints: FoolConstraints,
  grid: number | null,
  sigma: number,
): Encoding {
  const { height, width, channels } = space;
  const cells = grid === null ? null : { h: Math.min(grid, height), w: Math.min(grid, width) };
  const dimension = cells ? cells.h * cells.w * channels : space.size;
  const bound = constraints.linf ?? 255;
  const rows = cells ? axisWeights(height, cells.h) : null;
  const cols = cells ? axisWeights(width, cells.w) : null;
  return {
    start: new Float64Array(dimension),
    lower: -bound,
    upper: bound,
    sigma,
    decode(z) {
      const delta = cells ? upsample(z, cells.h, cells.w, rows!, cols!, width, channels) : z;
      const x = new Float64Array(space.size);
      for (let i = 0; i < x.length; i++) x[i] = start[i]! + delta[i]!;
      projectInto(x, start, space, constraints);
      // Score the bytes that would be returned, so the curve and the result agree.
      return { pixels: Float64Array.from(quantize(x, start, space, constraints)) };
    },
  };
}

interface AxisWeight {
  readonly i0: number;
  readonly i1: number;
  readonly t: number;
}

/** Cell-centred bilinear weights (align_corners = false), edges clamped. */
function axisWeights(size: number, cells: number): AxisWeight[] {
  return Array.from({ length: size }, (_, p) => {
    const s = Math.min(cells - 1, Math.max(0, ((p + 0.5) * cells) / size - 0.5));
    const i0 = Math.floor(s);
    return { i0, i1: Math.min(cells - 1, i0 + 1), t: s - i0 };
  });
}

/** Bilinear upsampling of a `gh × gw × channels` grid, separably: along x per grid row, then along y. */
function upsample(
  z: Float64Array,
  gh: number,
  gw: number,
  rows: readonly AxisWeight[],
  cols: readonly AxisWeight[],
  width: number,
  channels: number,
): Float64Array {
  const wide = new Float64Array(gh * width * channels);
  for (let gy = 0; gy < gh; gy++) {
    for (let x = 0; x < width; x++) {
      const { i0, i1, t } = cols[x]!;
      const a = (gy * gw + i0) * channels;
      const b = (gy * gw + i1) * channels;
      const o = (gy * width + x) * channels;
      for (let k = 0; k < channels; k++) wide[o + k] = z[a + k]! * (1 - t) + z[b + k]! * t;
    }
  }
  const out = new Float64Array(rows.length * width * channels);
  const line = width * channels;
  for (let y = 0; y < rows.length; y++) {
    const { i0, i1, t } = rows[y]!;
    for (let j = 0; j < line; j++)
      out[y * line + j] = wide[i0 * line + j]! * (1 - t) + wide[i1 * line + j]! * t;
  }
  return out;
}
