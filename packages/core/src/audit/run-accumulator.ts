import type { Classifier } from '../models/types.js';
import type { NoiseKind, NoiseSpec } from '../noise/types.js';
import type { AuditRun, AuditSample } from './audit-types.js';
import { DescribeAccumulator } from './describe-accumulator.js';
import { fractionAbove } from './fraction-above.js';
import { LabelCounter } from './label-counts.js';
import { auditModelInfo } from './model-info.js';
import { maxLogitScore } from './ood-scores.js';
import { logSumExp } from './softmax.js';
import { TimingTotals } from './timings.js';
import { topKRow } from './top-k.js';

/**
 * The streaming state of one (model, noise spec) run: only per-image scalars are kept (8 bytes
 * per image and statistic, for exact quantiles), never images or output rows.
 * @internal
 */
export class RunAccumulator {
  readonly timings: TimingTotals;
  processed = 0;
  readonly #confidence: DescribeAccumulator;
  readonly #maxLogit: DescribeAccumulator | null;
  readonly #energy: DescribeAccumulator | null;
  readonly #labels = new LabelCounter();
  readonly #samples: AuditSample[] = [];

  constructor(
    readonly model: Classifier,
    readonly spec: NoiseSpec,
    readonly startIndex: number,
    readonly count: number,
    readonly topK: number,
    readonly keepSamples: number,
    startedAt: number,
  ) {
    this.timings = new TimingTotals(startedAt);
    const capacity = Math.min(count, 1 << 16);
    this.#confidence = new DescribeAccumulator(capacity);
    const logits = model.outputKind === 'logits';
    this.#maxLogit = logits ? new DescribeAccumulator(capacity) : null;
    this.#energy = logits ? new DescribeAccumulator(capacity) : null;
  }

  /**
   * Adds `n` output rows. `probabilities` is the softmax (or the model's own probabilities);
   * `logits` is the raw output for logit models, else `null`.
   */
  add(probabilities: Float32Array, logits: Float32Array | null, n: number): void {
    const classes = this.model.numClasses;
    const labels = this.model.labels;
    for (let r = 0; r < n; r++) {
      const base = r * classes;
      // Top-1 by the same rule as topK (ties → lower index), without allocating.
      let best = 0;
      let bestScore = probabilities[base]!;
      for (let c = 1; c < classes; c++) {
        const v = probabilities[base + c]!;
        if (v > bestScore || (Number.isNaN(v) && !Number.isNaN(bestScore))) {
          best = c;
          bestScore = v;
        }
      }
      this.#confidence.push(bestScore);
      this.#labels.add(labels[best] ?? `class ${best}`);
      let maxLogit: number | undefined;
      let energy: number | undefined;
      if (logits) {
        maxLogit = maxLogitScore(logits, base, classes);
        energy = logSumExp(logits, base, classes);
        this.#maxLogit!.push(maxLogit);
        this.#energy!.push(energy);
      }
      const local = this.processed + r;
      if (local < this.keepSamples) {
        const top = topKRow(probabilities, base, classes, this.topK);
        this.#samples.push({
          index: this.startIndex + local,
          topK: top.indices.map((classIndex, i) => ({
            label: labels[classIndex] ?? `class ${classIndex}`,
            classIndex,
            score: top.scores[i]!,
          })),
          ...(maxLogit === undefined ? {} : { maxLogit, energy: energy! }),
        });
      }
    }
    this.processed += n;
  }

  /** Every image's detector scores so far (views, not copies), for OOD metrics. */
  scoreValues(): { msp: Float64Array; maxLogit: Float64Array | null; energy: Float64Array | null } {
    return {
      msp: this.#confidence.values(),
      maxLogit: this.#maxLogit?.values() ?? null,
      energy: this.#energy?.values() ?? null,
    };
  }

  result(): AuditRun {
    const describe = this.#confidence.result();
    const confidences = this.#confidence;
    return {
      model: auditModelInfo(this.model),
      kind: this.spec.kind as NoiseKind,
      noise: this.spec,
      startIndex: this.startIndex,
      count: this.count,
      describe,
      labelCounts: this.#labels.result(),
      fractionAbove: fractionAbove(confidences.values()),
      scores: {
        msp: describe,
        maxLogit: this.#maxLogit?.result() ?? null,
        energy: this.#energy?.result() ?? null,
      },
      ...(this.keepSamples > 0 ? { samples: this.#samples } : {}),
      timings: this.timings.result(this.count),
    };
  }
}
