import { inputShape, type OodMetrics, oodMetrics, type RegistryEntry } from '@snowblind/core';
import { coded } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { IdScores } from '../jobs/job-types.js';
import { entryVersion } from '../jobs/model-cache.js';
import type { AuditStore } from '../store/audit-store.js';
import type { ExplainStore } from '../store/explain-store.js';
import type { ImageSetRecord, ImageSetService } from './image-sets.js';
import type { ModelService } from './model-service.js';
import { redactPaths } from './redact-paths.js';

/** OOD detector scores OpenOOD reports. */
export type OodScore = 'msp' | 'maxLogit' | 'energy';

/** The built-in in-distribution set, for 28×28 gray models. */
export const BUILTIN_IN_DISTRIBUTION = 'fashion-mnist-test';

/** The real images OOD metrics compare noise with: the built-in set or an uploaded one. */
export type InDistributionSource =
  | { readonly kind: 'builtin'; readonly name: typeof BUILTIN_IN_DISTRIBUTION }
  | { readonly kind: 'image-set'; readonly set: ImageSetRecord };

/**
 * The metrics of one (run, score) and the detector scores they came from, so that the ROC
 * curve can be drawn from the same numbers.
 */
export interface OodEvaluation extends OodMetrics {
  /** Which real images the metrics compare the noise with. */
  readonly source: InDistributionSource;
  /** Scores of the in-distribution images (the cached `id_scores` row). */
  readonly idScores: ArrayLike<number>;
  /** Scores of the run's noise images (its stored samples). */
  readonly oodScores: ArrayLike<number>;
  /** The model's accuracy on the in-distribution images; null when unknown (see {@link IdScores}). */
  readonly accuracy: number | null;
}

/**
 * OOD metrics of a run: its noise images (OOD, positive) against the model's scores on real
 * images: an uploaded image set (any model), else the built-in Fashion-MNIST test set (28×28
 * gray models). In-distribution scores are computed once per (model file, set, limit) on the
 * job queue and cached in SQLite.
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
    private readonly imageSets: ImageSetService,
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
      set: fits ? BUILTIN_IN_DISTRIBUTION : null,
      shape: `${shape.height}×${shape.width}×${shape.channels}`,
    };
  }

  /**
   * The real images of `imageSet` (an uploaded set's id), else the model's built-in set.
   * @throws IMAGE_SET_NOT_FOUND, NO_IN_DISTRIBUTION_DATA
   */
  private async source(entry: RegistryEntry, imageSet: string | null): Promise<InDistributionSource> {
    if (imageSet !== null) return { kind: 'image-set', set: await this.imageSets.get(imageSet) };
    const { set, shape } = await this.inDistributionOf(entry);
    if (!set) {
      throw coded(
        'NO_IN_DISTRIBUTION_DATA',
        `no built-in in-distribution data set for "${entry.id}" (${shape})`,
        `upload photos of what it was trained on (uploadImageSet) and pass their inDistributionSet; ${BUILTIN_IN_DISTRIBUTION} is for 28×28 gray models`,
      );
    }
    return { kind: 'builtin', name: set };
  }

  /**
   * @param limit - score the first `limit` real images (all of a smaller set)
   * @param imageSet - an uploaded image set's id; null for the model's built-in set
   * @param mayCompute - throws when the caller may not start the job over the real images
   */
  async metrics(
    auditId: string,
    runIndex: number,
    model: string,
    score: OodScore,
    limit: number,
    imageSet: string | null = null,
    mayCompute: () => void = () => undefined,
  ): Promise<OodEvaluation | null> {
    const entry = await this.models.entry(model);
    const source = await this.source(entry, imageSet);
    const columns = this.audits.columns(auditId, runIndex);
    if (columns.score.length === 0) {
      throw coded('BAD_INPUT', 'this run has no samples yet', 'ask again once the run has classified images');
    }
    const ood = score === 'msp' ? columns.score : score === 'maxLogit' ? columns.maxLogit : columns.energy;
    // The samples were stored without logit scores: the model outputs probabilities.
    if (!ood) return null;
    // A set smaller than the limit gives the same scores for every larger limit: one cache row.
    const used = source.kind === 'image-set' ? Math.min(limit, source.set.count) : limit;
    const job = source.kind === 'image-set' ? { folder: this.imageSets.folder(source.set.id) } : {};
    const setKey = source.kind === 'image-set' ? `image-set:${source.set.id}` : source.name;
    // v2: the cached scores carry the accuracy.
    const key = `${entryVersion(entry)}:${setKey}:${used}:v2`;
    let id = this.cache.idScores<IdScores>(key);
    if (!id) {
      let pending = this.inflight.get(key);
      if (!pending) {
        // Reading cached metrics is open; starting the job that scores real images is not.
        mayCompute();
        pending = this.queue
          .submit({ kind: 'id-scores', model, limit: used, ...job }, () => undefined)
          .result.catch((error: unknown) => {
            throw redactPaths(error, this.models.folders());
          });
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
    return {
      ...oodMetrics(ind, ood),
      source,
      idScores: ind,
      oodScores: ood,
      accuracy: id.accuracy ?? null,
    };
  }
}
