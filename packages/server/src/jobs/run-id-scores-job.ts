import {
  FASHION_MNIST_LABELS,
  type InDistributionSet,
  inputShape,
  loadFashionMnist,
  loadInDistribution,
  scoreImages,
} from '@snowblind/core';
import type { IdScores, IdScoresJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

/** At most this many images per batch, and at most {@link BATCH_VALUES} input values. */
const BATCH = 256;
/** Input values of one batch (16 MB of float32): 256 Fashion-MNIST images, 27 ImageNet ones. */
const BATCH_VALUES = 4 * 1024 * 1024;

/** The model's labels are Fashion-MNIST's (case and spacing aside), so accuracy means something. */
function fashionMnistLabels(labels: readonly string[]): boolean {
  const norm = (label: string) => label.trim().toLowerCase();
  return (
    labels.length === FASHION_MNIST_LABELS.length &&
    labels.every((label, i) => norm(label) === norm(FASHION_MNIST_LABELS[i]!))
  );
}

/**
 * Detector scores of a model (core's `scoreImages`, as the CLI) on the first `limit` images of
 * the Fashion-MNIST test set, with its top-1 accuracy when its labels are Fashion-MNIST's, or of
 * an uploaded image set's folder (core's `loadInDistribution`, as `--in-distribution <folder>`;
 * unlabelled, so no accuracy).
 */
export async function runIdScoresJob(job: IdScoresJob, location: RegistryLocation): Promise<IdScores> {
  const { classifier } = await cachedClassifier(job.model, location);
  const data: InDistributionSet = job.folder
    ? await loadInDistribution(job.folder, { limit: job.limit })
    : await loadFashionMnist('test', { limit: job.limit });
  const labels = data.labels && fashionMnistLabels(classifier.labels) ? data.labels : undefined;
  const { size } = inputShape(classifier.preset, classifier.inputChannels);
  const scores = await scoreImages(classifier, data.images, {
    batchSize: Math.max(1, Math.min(BATCH, Math.floor(BATCH_VALUES / size))),
    ...(labels ? { labels } : {}),
  });
  const list = (values: Float64Array | null) => (values ? Array.from(values) : null);
  return {
    msp: Array.from(scores.msp),
    maxLogit: list(scores.maxLogit),
    energy: list(scores.energy),
    accuracy: scores.accuracy ?? null,
  };
}
