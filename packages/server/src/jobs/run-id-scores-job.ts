import { FASHION_MNIST_LABELS, loadFashionMnist, scoreImages } from '@snowblind/core';
import type { IdScores, IdScoresJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

const BATCH = 256;

/** The model's labels are Fashion-MNIST's (case and spacing aside), so accuracy means something. */
function fashionMnistLabels(labels: readonly string[]): boolean {
  const norm = (label: string) => label.trim().toLowerCase();
  return (
    labels.length === FASHION_MNIST_LABELS.length &&
    labels.every((label, i) => norm(label) === norm(FASHION_MNIST_LABELS[i]!))
  );
}

/**
 * Detector scores of a model on the first `limit` Fashion-MNIST test images (core's
 * `scoreImages`, as the CLI), and its top-1 accuracy on them when its labels are Fashion-MNIST's.
 */
export async function runIdScoresJob(job: IdScoresJob, location: RegistryLocation): Promise<IdScores> {
  const { classifier } = await cachedClassifier(job.model, location);
  const data = await loadFashionMnist('test', { limit: job.limit });
  const labelled = fashionMnistLabels(classifier.labels);
  const scores = await scoreImages(classifier, data.images, {
    batchSize: BATCH,
    ...(labelled ? { labels: data.labels } : {}),
  });
  const list = (values: Float64Array | null) => (values ? Array.from(values) : null);
  return {
    msp: Array.from(scores.msp),
    maxLogit: list(scores.maxLogit),
    energy: list(scores.energy),
    accuracy: scores.accuracy ?? null,
  };
}
