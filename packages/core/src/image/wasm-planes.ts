/**
 * The RGB → NCHW lookup pass of `writeTensor` in WebAssembly (`assembly/planes.ts`): about twice
 * as fast as the JavaScript loop on a 224 × 224 crop, copies in and out included. It runs in its
 * own instance of the noise kernel's module (one per thread, created on first use); where that
 * module cannot be instantiated (no WebAssembly SIMD) {@link wasmRgbPlanes} returns false and the
 * caller keeps the JavaScript loop, which computes the same values.
 */
import { KERNEL_LAYOUT, kernelExports } from '../kernel/index.js';
import type { CropBox } from './center-crop.js';
import type { RgbImage } from './types.js';

/** Below this many pixels the JavaScript loop is as fast as the copies. */
const MIN_PIXELS = 4096;
/** Where the image bytes go (the kernel's output area); the tables and the planes follow them. */
const SRC = KERNEL_LAYOUT.DST;
const PAGE = 65536;

interface PlanesModule {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly rgbPlanes: (...args: number[]) => void;
}

let module: PlanesModule | null | undefined;

function instance(): PlanesModule | null {
  if (module === undefined) {
    try {
      module = kernelExports() as unknown as PlanesModule;
    } catch {
      module = null;
    }
  }
  return module;
}

/**
 * The `box` of a 3-channel `image` (inside it) through `table` (3 × 256 values) into `out` at
 * `offset` as three planes; `src` gives the image channel of each plane. @internal
 */
export interface RgbPlanesJob {
  readonly image: RgbImage;
  readonly box: CropBox;
  readonly table: Float32Array;
  readonly src: readonly number[];
  readonly out: Float32Array;
  readonly offset: number;
}

/**
 * Runs `job` in WebAssembly. Returns false, writing nothing, when that path is unavailable or
 * the box is small. @internal
 */
export function wasmRgbPlanes({ image, box, table, src, out, offset }: RgbPlanesJob): boolean {
  const values = box.height * box.width * 3;
  if (box.height * box.width < MIN_PIXELS) return false;
  const m = instance();
  if (m === null) return false;
  const bytes = image.data.length;
  const tables = SRC + Math.ceil(bytes / 16) * 16;
  const dst = tables + 3 * 256 * 4;
  const needed = dst + values * 4;
  if (m.memory.buffer.byteLength < needed)
    m.memory.grow(Math.ceil((needed - m.memory.buffer.byteLength) / PAGE));
  const buffer = m.memory.buffer;
  new Uint8Array(buffer, SRC, bytes).set(image.data);
  new Float32Array(buffer, tables, 768).set(table.subarray(0, 768));
  const order = src[0]! | (src[1]! << 2) | (src[2]! << 4);
  m.rgbPlanes(SRC, image.width * 3, box.top, box.left, box.height, box.width, tables, order, dst);
  out.set(new Float32Array(buffer, dst, values), offset);
  return true;
}
