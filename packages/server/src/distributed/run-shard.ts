import { type AuditProgress, type Classifier, loadModel, ModelRegistry, runAudit } from '@snowblind/core';
import type { RegistryLocation } from '../jobs/job-types.js';
import { cachedClassifier } from '../jobs/model-cache.js';
import { type SampleRow, toSampleRow } from '../store/audit-store.js';
import type { ShardData, ShardResult } from './shard-types.js';

const byPath = new Map<string, Classifier>();

/** A registry id through the server's per-process model cache, else a path every worker can read. */
async function shardModel(ref: string, location: RegistryLocation): Promise<Classifier> {
  const registry = await ModelRegistry.open({ home: location.home, builtinPath: location.builtinPath });
  if (registry.get(ref)) return (await cachedClassifier(ref, location)).classifier;
  let model = byPath.get(ref);
  if (!model) {
    model = await loadModel(ref, { registry });
    byPath.set(ref, model);
  }
  return model;
}

/** Free the models loaded by path (the registry ones go with `disposeCachedClassifiers`). */
export async function disposeShardModels(): Promise<void> {
  for (const model of byPath.values()) await model.dispose().catch(() => undefined);
  byPath.clear();
}

/**
 * Classify the images of one shard: a single `runAudit` call with `startIndex = shard.start`, so the
 * rows are exactly the ones an in-process audit stores for those images (top-k, max logit and
 * energy as core computes them, read the way the server's own runner reads them).
 */
export async function runShard(
  shard: ShardData,
  location: RegistryLocation,
  worker: string,
  signal: AbortSignal,
  onProgress: (progress: AuditProgress) => void,
): Promise<ShardResult> {
  const model = await shardModel(shard.model, location);
  const result = await runAudit({
    models: [model],
    noise: shard.noise,
    count: shard.count,
    startIndex: shard.start,
    batchSize: shard.batchSize,
    topK: shard.topK,
    keepSamples: true,
    signal,
    onProgress,
  });
  const run = result.runs[0]!;
  const samples: SampleRow[] = (run.samples ?? []).map(toSampleRow);
  return { shardId: shard.id, model: run.model, samples, timings: run.timings, worker };
}
