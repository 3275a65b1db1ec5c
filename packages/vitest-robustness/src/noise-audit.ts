import {
  type AuditResult,
  type Classifier,
  type ResolvedNoiseSpec,
  runAudit,
  SnowblindError,
  tapOutputs,
} from '@snowblind/core';
import { judgeSample, type RejectionRules } from './rejection-rules.js';

/** One classified noise image and its verdict. */
export interface NoiseSample {
  /** The full noise spec; `noiseImage(spec, index)` regenerates the image. */
  readonly spec: ResolvedNoiseSpec;
  readonly index: number;
  /** Top-1 softmax probability. */
  readonly confidence: number;
  readonly classIndex: number;
  readonly label: string;
  /** What samples are ranked by: the rule's score when one is set, else `confidence`. */
  readonly severity: number;
  /** True when no rule rejected the image. */
  readonly fooled: boolean;
}

/** Everything one gate run measured. */
export interface NoiseAudit {
  readonly samples: readonly NoiseSample[];
  /** The core audit (describe(), label counts, score summaries per noise spec). */
  readonly audit: AuditResult;
}

/**
 * Classifies `count` images of every spec with the batched core audit ({@link runAudit} with
 * per-sample top-1) and judges each one. Raw logits are tapped only when a rule needs them.
 */
export async function auditNoise(
  model: Classifier,
  specs: readonly ResolvedNoiseSpec[],
  count: number,
  rules: RejectionRules,
  options: { readonly batchSize?: number; readonly signal?: AbortSignal } = {},
): Promise<NoiseAudit> {
  const tap = rules.needsLogits ? tapOutputs(model) : undefined;
  const audit = await runAudit({
    models: [tap?.classifier ?? model],
    noise: specs,
    count,
    topK: 1,
    keepSamples: true,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const logits = tap?.outputs() ?? null;
  const classes = model.numClasses;
  const samples: NoiseSample[] = [];
  audit.runs.forEach((run, r) => {
    const spec = specs[r]!;
    const kept = run.samples ?? [];
    if (kept.length !== count) {
      throw new SnowblindError('INTERNAL', `audit kept ${kept.length} of ${count} samples`);
    }
    kept.forEach((sample, i) => {
      const top = sample.topK[0]!;
      const row = r * count + i;
      const verdict = judgeSample(
        rules,
        { classIndex: top.classIndex, confidence: top.score },
        logits,
        row * classes,
        classes,
      );
      samples.push({
        spec,
        index: sample.index,
        confidence: top.score,
        classIndex: top.classIndex,
        label: top.label,
        severity: verdict.severity,
        fooled: verdict.fooled,
      });
    });
  });
  return { samples, audit };
}

/** The `k` samples with the highest severity, fooled ones first. */
export function worstSamples(samples: readonly NoiseSample[], k: number): NoiseSample[] {
  return [...samples]
    .sort((a, b) => Number(b.fooled) - Number(a.fooled) || b.severity - a.severity || a.index - b.index)
    .slice(0, k);
}
