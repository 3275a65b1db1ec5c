import {
  type AuditProgress,
  type Classifier,
  energyScore,
  loadModel,
  ModelRegistry,
  maxLogitScore,
  runAudit,
} from '@snowblind/core';
import type { RegistryLocation } from '../jobs/job-types.js';
import { cachedClassifier } from '../jobs/model-cache.js';
import type { SampleRow } from '../store/audit-store.js';
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

/** The classifier, remembering its raw outputs in call order (for max logit and energy). */
function recording(model: Classifier, sink: Float32Array[]): Classifier {
  return {
    id: model.id,
    format: model.format,
    labels: model.labels,
    preset: model.preset,
    outputKind: model.outputKind,
    numClasses: model.numClasses,
    inputChannels: model.inputChannels,
    backend: model.backend,
    async predict(input, n) {
      const output = await model.predict(input, n);
      if (model.outputKind === 'logits') sink.push(Float32Array.from(output));
      return output;
    },
    async dispose() {},
  };
}

/**
 * Classify the images of one shard: a single `runAudit` call with `startIndex = shard.start`, so the
 * rows are exactly the ones an in-process audit stores for those images (same top-k, same max logit
 * and energy formulas as the server's own runner).
 */
export async function runShard(
  shard: ShardData,
  location: RegistryLocation,
  worker: string,
  signal: AbortSignal,
  onProgress: (progress: AuditProgress) => void,
): Promise<ShardResult> {
  const model = await shardModel(shard.model, location);
  const sink: Float32Array[] = [];
  const result = await runAudit({
    models: [recording(model, sink)],
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
  // One predict call per batch, in image order: the logits of image j are row j of the concatenation.
  const classes = model.numClasses;
  const logits = model.outputKind === 'logits' ? concat(sink) : null;
  const samples: SampleRow[] = (run.samples ?? []).map((sample, j) => {
    const top = sample.topK[0]!;
    return {
      index: sample.index,
      score: top.score,
      label: top.label,
      classIndex: top.classIndex,
      maxLogit: logits ? maxLogitScore(logits, j * classes, classes) : null,
      energy: logits ? energyScore(logits, 1, j * classes, classes) : null,
      topK: sample.topK,
    };
  });
  return { shardId: shard.id, model: run.model, samples, timings: run.timings, worker };
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
