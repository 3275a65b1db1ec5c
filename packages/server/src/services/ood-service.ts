import { inputShape, type OodMetrics, oodMetrics, type RegistryEntry } from '@snowblind/core';
import { coded } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { IdScores } from '../jobs/job-types.js';
import { entryVersion } from '../jobs/model-cache.js';
import type { AuditStore } from '../store/audit-store.js';
import type { ExplainStore } from '../store/explain-store.js';
import type { ModelService } from './model-service.js';

/** OOD detector scores OpenOOD reports. */
export type OodScore = 'msp' | 'maxLogit' | 'energy';

/**
 * The metrics of one (run, score) and the detector scores they came from, so that the ROC
 * curve can be drawn from the same numbers.
 */
export interface OodEvaluation extends OodMetrics {
  /** Scores of the in-distribution images (the cached `id_scores` row). */
  readonly idScores: ArrayLike<number>;
  /** Scores of the run's noise images (its stored samples). */
  readonly oodScores: ArrayLike<number>;
  /** The model's accuracy on the in-distribution images; null when unknown (see {@link IdScores}). */
  readonly accuracy: number | null;
}

/**
 * OOD metrics of a run: its noise images (OOD, positive) against the model's scores on the
 * in-distribution Fashion-MNIST test set, for 28×28 gray models. In-distribution scores are
 * computed once per (model file, limit) on the job queue and cached in SQLite.
 *
 * maxLogit and energy are scores of logits: a model that outputs probabilities (a final
 * softmax) has none, so its runs have no such metrics (`null`, like `AuditRun.maxLogit`).
 */
export class OodService {
  private readonly inflight = new Map<string, Promise<IdScores>>();

  constructor(
    private readonly audits: AuditStore,
    private readonly cache: ExplainStore,
    private readonly queue: JobQueue,
    private readonly models: ModelService,
  ) {}

  /**
   * The in-distribution set OOD metrics of a model use, null when there is none (only 28×28 gray
   * models have one, fashion-mnist-test), with the model's input as `H×W×C`.
   */
  async inDistributionOf(entry: RegistryEntry): Promise<{ set: 'fashion-mnist-test' | null; shape: string }> {
    const preset = await this.models.preset(entry);
    const shape = inputShape(preset, preset.grayscale ? 1 : 3);
    const fits = preset.grayscale && shape.height === 28 && shape.width === 28;
    return {
      set: fits ? 'fashion-mnist-test' : null,
      shape: `${shape.height}×${shape.width}×${shape.channels}`,
    };
  }

  async metrics(
    auditId: string,
    runIndex: number,
    model: string,
    score: OodScore,
    limit: number,
    mayCompute: () => void = () => undefined,
  ): Promise<OodEvaluation | null> {
    const entry = await this.models.entry(model);
    const { set, shape } = await this.inDistributionOf(entry);
    if (!set) {
      throw coded(
        'NO_IN_DISTRIBUTION_DATA',
        `no in-distribution data set for "${model}" (${shape})`,
        'OOD metrics use fashion-mnist-test, for 28×28 gray models',
      );
    }
    const columns = this.audits.columns(auditId, runIndex);
    if (columns.score.length === 0) {
      throw coded('BAD_INPUT', 'this run has no samples yet', 'ask again once the run has classified images');
    }
    const ood = score === 'msp' ? columns.score : score === 'maxLogit' ? columns.maxLogit : columns.energy;
    // The samples were stored without logit scores: the model outputs probabilities.
    if (!ood) return null;
    // v2: the cached scores carry the accuracy.
    const key = `${entryVersion(entry)}:fashion-mnist-test:${limit}:v2`;
    let id = this.cache.idScores<IdScores>(key);
    if (!id) {
      let pending = this.inflight.get(key);
      if (!pending) {
        // Reading cached metrics is open; starting the job that scores real images is not.
        mayCompute();
        pending = this.queue.submit({ kind: 'id-scores', model, limit }, () => undefined).result;
        this.inflight.set(key, pending);
        pending.finally(() => this.inflight.delete(key)).catch(() => undefined);
      }
      id = await pending;
      this.cache.setIdScores(key, id);
    }
    const ind = score === 'msp' ? id.msp : score === 'maxLogit' ? id.maxLogit : id.energy;
    if (!ind) {
      throw coded(
        'BAD_STATE',
        `the run has ${score} scores but "${model}" now outputs probabilities`,
        'the model file changed since this audit ran; run a new audit',
      );
    }
    return { ...oodMetrics(ind, ood), idScores: ind, oodScores: ood, accuracy: id.accuracy ?? null };
  }
}
