import { SnowblindError } from '../errors.js';
import type { ValueWindow } from '../kernel/index.js';
import { CounterRandom } from './counter-rng.js';
import { KIND_RENDERERS, type KindRenderer, type Shape } from './kinds.js';
import { NumpyRandomState } from './numpy-random.js';
import type { ResolvedNoiseSpec } from './validate.js';

/**
 * Renders images of one resolved noise spec into caller-owned buffers, for producers that
 * reuse one image buffer for a whole run (worker threads, benchmarks): no allocation per image.
 *
 * @remarks
 * Same bytes as `noiseImages`: with rng `default` each image is made from (seed, index) alone;
 * with rng `numpy` the stream is sequential, so indices must be asked in increasing order and
 * the images in between are skipped (uniform draws only, no rendering). Unlike `noiseImages`
 * it neither reads nor updates the process-wide numpy stream cache.
 * @internal
 */
export class NoiseStream {
  readonly shape: Shape;
  /** Bytes of one image: height × width × channels. */
  readonly bytes: number;
  readonly #spec: ResolvedNoiseSpec;
  readonly #kind: KindRenderer;
  #numpy: NumpyRandomState | undefined;
  /** Index of the next image the numpy stream would draw. */
  #next = 0;

  constructor(spec: ResolvedNoiseSpec) {
    this.#spec = spec;
    this.#kind = KIND_RENDERERS[spec.kind];
    this.shape = { height: spec.height, width: spec.width, channels: spec.channels };
    this.bytes = spec.height * spec.width * spec.channels;
    if (spec.rng === 'numpy') {
      if (!this.#kind.skipNumpy) {
        throw new SnowblindError('BAD_INPUT', `noise kind ${spec.kind} has no numpy mode`, {
          hint: 'Use rng "default" for this kind.',
        });
      }
      this.#numpy = NumpyRandomState.seeded(spec.seed);
    }
  }

  /**
   * Writes image `index` into `out` (at least {@link NoiseStream.bytes} long). With `window`,
   * only the bytes in it are guaranteed (the kernel skips the others' `log`).
   */
  renderInto(index: number, out: Uint8Array, window?: ValueWindow): void {
    const target = out.length === this.bytes ? out : out.subarray(0, this.bytes);
    const state = this.#numpy;
    if (state === undefined) {
      this.#kind.render(
        target,
        this.shape,
        this.#spec.params,
        new CounterRandom(this.#spec.seed, index),
        window,
      );
      return;
    }
    if (index < this.#next) {
      throw new SnowblindError(
        'INTERNAL',
        `numpy noise stream asked for image ${index} after ${this.#next - 1}`,
        {
          hint: 'numpy-mode images must be rendered in increasing index order.',
        },
      );
    }
    for (; this.#next < index; this.#next++) this.#kind.skipNumpy!(state, this.shape, this.#spec.params);
    this.#kind.render(target, this.shape, this.#spec.params, state, window);
    this.#next = index + 1;
  }
}
