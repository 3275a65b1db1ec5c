import { energyScore, logSumExp, maxLogitScore } from '../audit/index.js';
import { SnowblindError } from '../errors.js';
import type { OutputKind } from '../models/types.js';
import type { PixelSpace } from './pixel-space.js';
import type { OodScores } from './types.js';

/** The part of a classifier the searches need: a batched forward pass and what it returns. */
export interface ForwardPass {
  readonly numClasses: number;
  readonly outputKind: OutputKind;
  predict(input: Float32Array, n: number): Promise<Float32Array>;
}

/** Model outputs of some images, and their log-softmax rows in float64. */
export interface Scored {
  readonly n: number;
  readonly classes: number;
  readonly outputs: Float32Array;
  /**
   * `n × classes` log-probabilities. From logits they are computed as z − logsumexp(z) in
   * float64, so a search keeps seeing progress past the point where float32 softmax reads 1.
   */
  readonly logProbs: Float64Array;
}

/** log-softmax of row `r` of `outputs` into `out` (logs of the probabilities for probability models). */
export function logSoftmaxRow(
  outputs: ArrayLike<number>,
  r: number,
  classes: number,
  kind: OutputKind,
  out: Float64Array,
  outOffset = 0,
): void {
  const base = r * classes;
  if (kind === 'probabilities') {
    for (let c = 0; c < classes; c++)
      out[outOffset + c] = Math.log(Math.min(1, Math.max(outputs[base + c]!, 1e-45)));
    return;
  }
  const lse = logSumExp(outputs, base, classes);
  for (let c = 0; c < classes; c++) out[outOffset + c] = outputs[base + c]! - lse;
}

/**
 * Run `images` (pixel-space values, model input size) through the model in batches of
 * `batchSize`.
 * @throws SnowblindError `SHAPE_MISMATCH` when the model returns the wrong number of values.
 */
export async function scoreImages(
  model: ForwardPass,
  space: PixelSpace,
  images: readonly ArrayLike<number>[],
  batchSize: number,
): Promise<Scored> {
  const classes = model.numClasses;
  const n = images.length;
  const outputs = new Float32Array(n * classes);
  const logProbs = new Float64Array(n * classes);
  for (let first = 0; first < n; first += batchSize) {
    const count = Math.min(batchSize, n - first);
    const input = new Float32Array(count * space.size);
    for (let i = 0; i < count; i++) space.toModelInput(images[first + i]!, input, i * space.size);
    const out = await model.predict(input, count);
    if (out.length !== count * classes) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `model returned ${out.length} values for ${count}×${classes}`,
      );
    }
    outputs.set(out, first * classes);
  }
  for (let r = 0; r < n; r++) logSoftmaxRow(outputs, r, classes, model.outputKind, logProbs, r * classes);
  return { n, classes, outputs, logProbs };
}

/** Index of the largest value of row `r`. */
export function argmaxRow(values: ArrayLike<number>, r: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[r * classes + c]! > values[r * classes + best]!) best = c;
  return best;
}

/** MSP, max-logit and energy of row `r` (the last two need logits). */
export function oodScoresOf(scored: Scored, r: number, kind: OutputKind): OodScores {
  const { classes, outputs, logProbs } = scored;
  const msp = Math.exp(logProbs[r * classes + argmaxRow(logProbs, r, classes)]!);
  if (kind === 'probabilities') return { msp, maxLogit: null, energy: null };
  return {
    msp,
    maxLogit: maxLogitScore(outputs, r * classes, classes),
    energy: energyScore(outputs, 1, r * classes, classes),
  };
}
