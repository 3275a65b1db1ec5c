import type { ValueWindow } from '../kernel/index.js';
import { type ImageRandom, rint } from './image-random.js';
import type { NumpyRandomState } from './numpy-random.js';
import type { NoiseKind, NoiseParams } from './types.js';

/** Image geometry, HWC. */
export interface Shape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** How one noise kind fills an image, and (if it has a numpy mode) how it skips one. */
export interface KindRenderer {
  /** `window`, when given, bounds the bytes the caller reads; the others may be left unwritten. */
  render(out: Uint8Array, shape: Shape, params: NoiseParams, rng: ImageRandom, window?: ValueWindow): void;
  /** Advances a numpy stream past one image without rendering it. */
  skipNumpy?(rng: NumpyRandomState, shape: Shape, params: NoiseParams): void;
}

const seedWrap: KindRenderer = {
  render(out, _shape, _params, rng, window) {
    rng.fillWrappedBytes(out, window);
  },
  skipNumpy(rng, shape) {
    rng.skipStandardNormal(shape.height * shape.width * shape.channels);
  },
};

const gaussian: KindRenderer = {
  render(out, _shape, params, rng, window) {
    rng.fillClippedNormalBytes(out, params.mean!, params.std!, window);
  },
  skipNumpy(rng, shape) {
    rng.skipStandardNormal(shape.height * shape.width * shape.channels);
  },
};

const uniform: KindRenderer = {
  render(out, _shape, params, rng) {
    rng.fillInts(out, params.low!, params.high!);
  },
  skipNumpy(rng, shape, params) {
    rng.skipInts(shape.height * shape.width * shape.channels, params.low!, params.high!);
  },
};

const saltPepper: KindRenderer = {
  render(out, shape, params, rng) {
    const density = params.density!;
    const half = density / 2;
    const c = shape.channels;
    // One double per pixel: below density/2 → black, below density → white, else gray. The
    // two tails have the same probability and all channels of a pixel move together.
    for (let p = 0; p < out.length; p += c) {
      const u = rng.nextDouble();
      const v = u < half ? 0 : u < density ? 255 : 128;
      for (let k = 0; k < c; k++) out[p + k] = v;
    }
  },
};

/** Source coordinate and weight of each output coordinate for half-pixel-centred bilinear. */
function axis(outSize: number, inSize: number): { i0: Int32Array; i1: Int32Array; t: Float64Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const t = new Float64Array(outSize);
  const ratio = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(Math.max((o + 0.5) * ratio - 0.5, 0), inSize - 1);
    const lo = Math.floor(s);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, inSize - 1);
    t[o] = s - lo;
  }
  return { i0, i1, t };
}

const lowFrequency: KindRenderer = {
  render(out, shape, params, rng) {
    const { height: h, width: w, channels: c } = shape;
    const scale = params.scale!;
    const gh = Math.ceil(h / scale);
    const gw = Math.ceil(w / scale);
    const grid = new Uint8Array(gh * gw * c);
    rng.fillInts(grid, 0, 255);
    const ys = axis(h, gh);
    const xs = axis(w, gw);
    for (let y = 0; y < h; y++) {
      const r0 = ys.i0[y]! * gw;
      const r1 = ys.i1[y]! * gw;
      const ty = ys.t[y]!;
      for (let x = 0; x < w; x++) {
        const x0 = xs.i0[x]!;
        const x1 = xs.i1[x]!;
        const tx = xs.t[x]!;
        const o = (y * w + x) * c;
        for (let k = 0; k < c; k++) {
          const top = grid[(r0 + x0) * c + k]! * (1 - tx) + grid[(r0 + x1) * c + k]! * tx;
          const bottom = grid[(r1 + x0) * c + k]! * (1 - tx) + grid[(r1 + x1) * c + k]! * tx;
          out[o + k] = rint(top * (1 - ty) + bottom * ty);
        }
      }
    }
  },
};

const constant: KindRenderer = {
  render(out, shape, params) {
    const color = params.color!;
    const c = shape.channels;
    for (let k = 0; k < c; k++) out[k] = color[k]!;
    // Doubling copy: log2(pixels) memmoves instead of a per-pixel loop.
    for (let filled = c; filled < out.length; filled *= 2) {
      out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
    }
  },
  skipNumpy() {
    // Draws nothing.
  },
};

/** The renderer of each kind. */
export const KIND_RENDERERS: { readonly [K in NoiseKind]: KindRenderer } = {
  'seed-wrap': seedWrap,
  gaussian,
  uniform,
  'salt-pepper': saltPepper,
  'low-frequency': lowFrequency,
  constant,
};
