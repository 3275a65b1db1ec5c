import {
  type AuditProgress,
  type Classifier,
  loadModel,
  ModelRegistry,
  runAudit,
  SnowblindError,
} from '@snowblind/core';
import type { RegistryLocation } from '../jobs/job-types.js';
import { cachedClassifier } from '../jobs/model-cache.js';
import { type SampleRow, toSampleRow } from '../store/audit-store.js';
import { localShardModel, modelContentHash, SAME_MODELS_HINT } from './shard-model.js';
import type { ShardData, ShardResult } from './shard-types.js';

const byPath = new Map<string, Classifier>();

/**
 * The shard's model on this worker: a registry id through the server's per-process model cache,
 * else a path. Refused unless its content hash is the coordinator's (the same id may name another
 * model in this worker's registry, and a report must never mix two models under one id).
 * @throws SnowblindError `HASH_MISMATCH`, `MODEL_NOT_FOUND`, `FILE_NOT_FOUND`
 */
async function shardModel(shard: ShardData, location: RegistryLocation, worker: string): Promise<Classifier> {
  const registry = await ModelRegistry.open({ home: location.home, builtinPath: location.builtinPath });
  const local = await localShardModel(shard.model, registry);
  const sha256 = await modelContentHash(local.file);
  if (sha256 !== shard.modelSha256) {
    throw new SnowblindError(
      'HASH_MISMATCH',
      `worker ${worker} refused shard ${shard.id}: its model "${shard.model}" has sha256 ${sha256.slice(0, 16)}…, the coordinator's has ${String(shard.modelSha256).slice(0, 16)}…`,
      { hint: SAME_MODELS_HINT },
    );
  }
  if (local.entry) return (await cachedClassifier(local.entry.id, location)).classifier;
  const key = `${shard.model}:${sha256}`;
  let model = byPath.get(key);
  if (!model) {
    // The path as sent (a folder or a file), so the report names the model as a local audit does.
    model = await loadModel(shard.model, { registry });
    byPath.set(key, model);
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
  const model = await shardModel(shard, location, worker);
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
