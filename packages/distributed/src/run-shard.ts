import {
  type AuditProgress,
  type Classifier,
  loadModel,
  ModelRegistry,
  type OpenRegistryOptions,
  runAudit,
  SnowblindError,
} from '@snowblind/core';
import { localShardModel, modelContentHash, SAME_MODELS_HINT } from './shard-model.js';
import type { ShardData, ShardResult } from './shard-types.js';

/** Models this worker process loaded, by reference and content hash (loading costs far more than a shard's batch). */
const loaded = new Map<string, Classifier>();

/**
 * The shard's model on this worker: a registry id of this worker's registry, else a path; kept
 * loaded for the life of the worker. Refused unless its content hash is the coordinator's (the
 * same id may name another model in this worker's registry, and a report must never mix two
 * models under one id).
 * @throws SnowblindError `HASH_MISMATCH`, `MODEL_NOT_FOUND`, `FILE_NOT_FOUND`
 */
async function shardModel(
  shard: ShardData,
  location: OpenRegistryOptions,
  worker: string,
): Promise<Classifier> {
  const registry = await ModelRegistry.open(location);
  const local = await localShardModel(shard.model, registry);
  const sha256 = await modelContentHash(local.file);
  if (sha256 !== shard.modelSha256) {
    throw new SnowblindError(
      'HASH_MISMATCH',
      `worker ${worker} refused shard ${shard.id}: its model "${shard.model}" has sha256 ${sha256.slice(0, 16)}…, the coordinator's has ${String(shard.modelSha256).slice(0, 16)}…`,
      { hint: SAME_MODELS_HINT },
    );
  }
  // Keyed by content: a model re-registered under the same id with other files is loaded afresh.
  const key = `${shard.model}:${sha256}`;
  let model = loaded.get(key);
  if (!model) {
    // The reference as sent (an id, a folder or a file), so the report names the model as a local audit does.
    model = await loadModel(shard.model, { registry });
    loaded.set(key, model);
  }
  return model;
}

/** Free every model this worker loaded (worker shutdown). */
export async function disposeShardModels(): Promise<void> {
  for (const model of loaded.values()) await model.dispose().catch(() => undefined);
  loaded.clear();
}

/**
 * Classify the images of one shard: a single `runAudit` call with `startIndex = shard.start`, so
 * the samples are exactly the ones an in-process audit keeps for those images (top-k, max logit
 * and energy as core computes them).
 */
export async function runShard(
  shard: ShardData,
  location: OpenRegistryOptions,
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
  return { shardId: shard.id, model: run.model, samples: run.samples ?? [], timings: run.timings, worker };
}
