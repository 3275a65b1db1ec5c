import { SnowblindError } from '../errors.js';
import { checkInteger } from './batch.js';
import { normalStream } from './random.js';
import type { AttributionMethod, ProgressCallback } from './types.js';

/** How {@link noiseTunnel} combines the attributions of the noisy samples (Captum's `nt_type`). */
export const NOISE_TUNNEL_TYPES = ['smoothgrad', 'smoothgrad_sq', 'vargrad'] as const;

/** One of {@link NOISE_TUNNEL_TYPES}. */
export type NoiseTunnelType = (typeof NOISE_TUNNEL_TYPES)[number];

/** Options of {@link noiseTunnel}. */
export interface NoiseTunnelOptions {
  /**
   * smoothgrad = mean(A), smoothgrad_sq = mean(A²), vargrad = mean(A²) − mean(A)².
   * @defaultValue `'smoothgrad'`
   */
  readonly ntType?: NoiseTunnelType;
  /**
   * Noisy samples per example.
   * @defaultValue `5`
   */
  readonly ntSamples?: number;
  /**
   * Standard deviation of the Gaussian noise, absolute and added to the model input (so after
   * any normalisation), as Captum's `stdevs`.
   * @defaultValue `1.0`
   */
  readonly stdevs?: number;
  /**
   * Samples per call of the wrapped method (per example), to bound memory.
   * @defaultValue `ntSamples` (all at once)
   */
  readonly ntSamplesBatchSize?: number;
  /**
   * Seed of the noise; the same seed gives the same noise on every call, whatever the batch size.
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * Pre-drawn noise, `n × ntSamples × inputSize` floats in [example][sample][feature] order,
   * used as is instead of seeded draws (`stdevs` is ignored). For parity tests against noise
   * drawn by a reference implementation.
   */
  readonly noise?: Float32Array;
  /**
   * Called as the work moves: when the wrapped method reports its own progress (of T units per
   * call), after each of its reports with units done out of `ntSamples` × T (e.g. IG steps over
   * every sample); otherwise after each call with samples done out of `ntSamples`.
   */
  readonly onProgress?: ProgressCallback;
}

/**
 * NoiseTunnel (SmoothGrad, Smilkov et al. 2017, https://arxiv.org/abs/1706.03825; VarGrad,
 * Adebayo et al. 2018, https://arxiv.org/abs/1810.03307): runs `method` on `ntSamples` noisy
 * copies of each input and combines the attributions.
 *
 * @param method - any attribution method bound to its model, e.g.
 *   `(x, t) => integratedGradients(model, x, { target: t }).then((r) => r.attributions)`.
 * @returns a method of the same shape, so tunnels compose with anything taking one.
 * @remarks As in Captum, each call of `method` gets the noisy copies example-major (all samples
 * of example 0, then of example 1, …) with the targets repeated to match; a method holding
 * per-example data (such as per-example baselines) must expand it the same way.
 */
export function noiseTunnel(method: AttributionMethod, options: NoiseTunnelOptions = {}): AttributionMethod {
  const ntType = options.ntType ?? 'smoothgrad';
  if (!NOISE_TUNNEL_TYPES.includes(ntType)) {
    throw new SnowblindError('BAD_INPUT', `unknown ntType "${ntType}"`, {
      hint: `use one of ${NOISE_TUNNEL_TYPES.join(', ')}`,
    });
  }
  const samples = options.ntSamples ?? 5;
  checkInteger('ntSamples', samples, 1);
  const batch = options.ntSamplesBatchSize ?? samples;
  checkInteger('ntSamplesBatchSize', batch, 1);
  const stdev = options.stdevs ?? 1.0;
  if (!(stdev >= 0)) throw new SnowblindError('BAD_INPUT', `stdevs must be ≥ 0, got ${stdev}`);

  return async (input, targets) => {
    const n = targets.length;
    const size = input.length / n;
    if (n < 1 || !Number.isInteger(size)) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `noise tunnel input of ${input.length} floats for ${n} targets`,
      );
    }
    const noise = options.noise ?? drawNoise(n * samples * size, stdev, options.seed ?? 0);
    if (noise.length !== n * samples * size) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `injected noise has ${noise.length} floats; expected n × ntSamples × inputSize = ${n * samples * size}`,
      );
    }
    const sum = new Float64Array(n * size);
    const sumSq = new Float64Array(n * size);
    const progress = sampleProgress(samples, options.onProgress);
    for (let first = 0; first < samples; first += batch) {
      const k = Math.min(batch, samples - first);
      const noisy = new Float32Array(n * k * size);
      const noisyTargets: number[] = [];
      for (let e = 0; e < n; e++) {
        for (let s = 0; s < k; s++) {
          const row = (e * k + s) * size;
          const noiseRow = (e * samples + first + s) * size;
          for (let j = 0; j < size; j++) noisy[row + j] = input[e * size + j]! + noise[noiseRow + j]!;
          noisyTargets.push(targets[e]!);
        }
      }
      const attributions = await method(noisy, noisyTargets, progress.within(first, k));
      for (let e = 0; e < n; e++) {
        for (let s = 0; s < k; s++) {
          const row = (e * k + s) * size;
          for (let j = 0; j < size; j++) {
            const a = attributions[row + j]!;
            sum[e * size + j]! += a;
            sumSq[e * size + j]! += a * a;
          }
        }
      }
      progress.after(first + k);
    }
    const out = new Float32Array(n * size);
    for (let j = 0; j < out.length; j++) {
      const mean = sum[j]! / samples;
      const meanSq = sumSq[j]! / samples;
      out[j] = ntType === 'smoothgrad' ? mean : ntType === 'smoothgrad_sq' ? meanSq : meanSq - mean * mean;
    }
    return out;
  };
}

/**
 * Progress of a noise tunnel in the wrapped method's units (T per sample, learnt from its first
 * report; 1 when it never reports): a call over samples [first, first + k) that reports d of T
 * stands at first·T + d·k. Reports that would not move (the end of a call the method already
 * reported) are dropped, so each internal batch is reported once.
 */
function sampleProgress(samples: number, onProgress: ProgressCallback | undefined) {
  let unitsPerSample: number | undefined;
  let reported = 0;
  const report = (done: number) => {
    if (done <= reported) return;
    reported = done;
    onProgress?.({ done, total: samples * (unitsPerSample ?? 1) });
  };
  return {
    within(first: number, k: number): ProgressCallback | undefined {
      if (!onProgress) return undefined;
      return ({ done, total }) => {
        unitsPerSample ??= total;
        report(first * unitsPerSample + done * k);
      };
    },
    after: (samplesDone: number) => report(samplesDone * (unitsPerSample ?? 1)),
  };
}

function drawNoise(length: number, stdev: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  if (stdev === 0) return out;
  const next = normalStream(seed);
  for (let j = 0; j < length; j++) out[j] = stdev * next();
  return out;
}
