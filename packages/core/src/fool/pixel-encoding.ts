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
      const x = new Float64Array(space.size);
      for (let y = 0; y < height; y++) {
        for (let xx = 0; xx < width; xx++) {
          for (let c = 0; c < channels; c++) {
            const i = (y * width + xx) * channels + c;
            x[i] = start[i]! + (cells ? upsampled(z, rows![y]!, cols![xx]!, cells.w, channels, c) : z[i]!);
          }
        }
      }
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

function upsampled(
  z: Float64Array,
  r: AxisWeight,
  c: AxisWeight,
  w: number,
  channels: number,
  k: number,
): number {
  const at = (y: number, x: number) => z[(y * w + x) * channels + k]!;
  const top = at(r.i0, c.i0) * (1 - c.t) + at(r.i0, c.i1) * c.t;
  const bottom = at(r.i1, c.i0) * (1 - c.t) + at(r.i1, c.i1) * c.t;
  return top * (1 - r.t) + bottom * r.t;
}
