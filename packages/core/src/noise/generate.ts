import { SnowblindError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import type { ValueWindow } from '../kernel/index.js';
import { CounterRandom } from './counter-rng.js';
import { KIND_RENDERERS, type Shape } from './kinds.js';
import { NumpyRandomState } from './numpy-random.js';
import { NumpyStreamCache } from './numpy-stream-cache.js';
import type { NoiseSpec } from './types.js';
import { type ResolvedNoiseSpec, validateNoiseSpec } from './validate.js';

const streams = new NumpyStreamCache();

/** Forgets every remembered numpy stream position (memory, or tests of the cold path). */
export function clearNumpyStreamCache(): void {
  streams.clear();
}

function checkIndex(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SnowblindError('BAD_INPUT', `Noise image ${name} must be an integer ≥ 0, got ${value}`, {
      hint: `Pass a whole number ≥ 0 as the ${name}.`,
    });
  }
}

function shapeOf(spec: ResolvedNoiseSpec): Shape {
  return { height: spec.height, width: spec.width, channels: spec.channels };
}

function newImage(spec: ResolvedNoiseSpec): RgbImage & { data: Uint8Array } {
  const data = new Uint8Array(spec.height * spec.width * spec.channels);
  return { data, width: spec.width, height: spec.height, channels: spec.channels };
}

/** Identifies a numpy stream: everything that decides how many draws each image takes. */
function streamKey(spec: ResolvedNoiseSpec): string {
  return JSON.stringify([spec.kind, spec.params, spec.seed, spec.height, spec.width, spec.channels]);
}

/** Where the generators render: a fresh image each time, or one reused image and its window. */
interface RenderTarget {
  readonly image?: RgbImage & { data: Uint8Array };
  readonly window?: ValueWindow | undefined;
}

function* counterImages(
  spec: ResolvedNoiseSpec,
  start: number,
  count: number,
  target: RenderTarget = {},
): Generator<RgbImage> {
  const render = KIND_RENDERERS[spec.kind].render;
  const shape = shapeOf(spec);
  for (let i = start; i < start + count; i++) {
    const image = target.image ?? newImage(spec);
    render(image.data, shape, spec.params, new CounterRandom(spec.seed, i), target.window);
    yield image;
  }
}

function* numpyImages(
  spec: ResolvedNoiseSpec,
  start: number,
  count: number,
  target: RenderTarget = {},
): Generator<RgbImage> {
  const kind = KIND_RENDERERS[spec.kind];
  const shape = shapeOf(spec);
  const key = streamKey(spec);
  const cached = streams.take(key, start);
  const state = cached?.state ?? NumpyRandomState.seeded(spec.seed);
  // Replay the images before `start` (from the seed or a remembered position) without
  // rendering them: skipping costs only the uniform draws.
  for (let i = cached?.next ?? 0; i < start; i++) kind.skipNumpy!(state, shape, spec.params);
  for (let i = start; i < start + count; i++) {
    const image = target.image ?? newImage(spec);
    kind.render(image.data, shape, spec.params, state, target.window);
    streams.put(key, i + 1, state);
    yield image;
  }
}

/**
 * Images `start` .. `start + count - 1` of the noise set described by `spec`, in order.
 *
 * @remarks
 * Image i is the same bytes whatever `start` and `count` are (batching never changes the
 * output). With rng `default` each image costs the same wherever it is. With rng `numpy`
 * the stream is sequential: the generator keeps its position, so consecutive images cost
 * O(1) each, and the last position per spec is remembered so that a following call with
 * `start` = previous end resumes instead of replaying from the seed.
 * The spec and the range are checked eagerly (before the first `next()`).
 * @throws SnowblindError `BAD_INPUT` / `UNKNOWN_NOISE_KIND` for a bad spec, `BAD_INPUT` for a
 * negative or fractional `start` or `count`.
 */
export function noiseImages(spec: NoiseSpec, start: number, count: number): Generator<RgbImage> {
  return renderImages(validateNoiseSpec(spec), start, count, {});
}

/**
 * {@link noiseImages} rendered into one reused image, of which only the bytes in `window` are
 * guaranteed (the others may hold anything): for a consumer that reads each image before asking
 * for the next and only reads that window. @internal
 */
export function noiseImagesInto(
  spec: NoiseSpec,
  start: number,
  count: number,
  window?: ValueWindow,
): Generator<RgbImage> {
  const resolved = validateNoiseSpec(spec);
  return renderImages(resolved, start, count, { image: newImage(resolved), window });
}

function renderImages(
  spec: ResolvedNoiseSpec,
  start: number,
  count: number,
  target: RenderTarget,
): Generator<RgbImage> {
  checkIndex('start', start);
  checkIndex('count', count);
  checkIndex('end', start + count);
  return spec.rng === 'numpy'
    ? numpyImages(spec, start, count, target)
    : counterImages(spec, start, count, target);
}

/**
 * Image `index` (0-based) of the noise set described by `spec`: `width` × `height` (default
 * 256 × 256) × `channels` (default 3) bytes, HWC.
 *
 * @remarks
 * Deterministic: the same (kind, params, seed, size, rng) gives the same bytes on any
 * machine, in any batch or order. With rng `numpy` image i equals the (i+1)-th numpy call
 * after `np.random.seed(seed)`; asking for indices in increasing order is O(1) per image
 * thanks to the remembered stream position, random access replays the stream.
 * @throws SnowblindError `BAD_INPUT` / `UNKNOWN_NOISE_KIND` for a bad spec or index.
 */
export function noiseImage(spec: NoiseSpec, index: number): RgbImage {
  checkIndex('index', index);
  const next = noiseImages(spec, index, 1).next();
  if (next.done) throw new SnowblindError('INTERNAL', 'noise generator produced no image');
  return next.value;
}
