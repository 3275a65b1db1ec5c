import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SnowblindError } from '../errors.js';
import { inputShape } from '../image/index.js';
import type { Preset } from '../image/types.js';
import type { Classifier } from '../models/types.js';
import type { ResolvedNoiseSpec } from '../noise/index.js';
import type { NoiseKind, NoiseSpec } from '../noise/types.js';
import { type ResolvedAuditOptions, resolveAuditOptions } from './audit-options.js';
import type { AuditOod, AuditOptions, AuditResult, AuditRun, InDistributionSet } from './audit-types.js';
import { hostCores, snowblindVersion } from './environment.js';
import {
  inThreadBatches,
  type NoiseBatches,
  type NoiseRun,
  type NoiseWorkerOptions,
  NoiseWorkerPool,
  noiseWorkerCount,
} from './noise-workers.js';
import { oodMetrics } from './ood-metrics.js';
import { RunAccumulator } from './run-accumulator.js';
import { type ImageScores, scoreImages } from './score-images.js';
import { softmax } from './softmax.js';

/** Models that read the same preprocessed tensor: same preset and channel count. */
interface PresetGroup {
  readonly preset: Preset;
  readonly channels: number;
  readonly members: { readonly model: Classifier; readonly index: number }[];
}

/** Yield to the event loop at least this often, so abort signals and timers get a turn. */
const YIELD_EVERY_MS = 50;

/**
 * Classify `count` noise images per (model, noise spec) and summarise what each model saw:
 * the reference experiment's `describe()` and `value_counts()`, plus OOD score summaries.
 *
 * Streaming and bounded: images are generated batch by batch and preprocessed into reused
 * `Float32Array`s (batchSize × inputShape.size); models sharing a preset (and channel count)
 * share each preprocessed batch. Only per-image scalars are kept. Results are identical for
 * every `batchSize` (row-wise math, fixed order) and every `noiseWorkers` count.
 *
 * Noise is made ahead of inference in worker threads when the audit is large enough and the
 * models leave cores idle (see {@link NoiseWorkerOptions}): workers fill a small ring of
 * transferred batch buffers while the models run, so noise and preprocessing overlap inference.
 * `timings.noiseMs` and `preprocessMs` then count the workers' time, which overlaps
 * `inferenceMs` instead of adding to `totalMs`. Without a usable worker script (e.g. TypeScript
 * sources run without tsx) the noise is made in the audit's thread. Workers are terminated
 * before `runAudit` settles.
 *
 * @throws SnowblindError `BAD_INPUT` for invalid options, `SHAPE_MISMATCH` when a model returns
 *   the wrong number of values, `CANCELLED` when `signal` aborts.
 */
export async function runAudit(options: AuditOptions & NoiseWorkerOptions): Promise<AuditResult> {
  const opts = resolveAuditOptions(options);
  checkAborted(opts.signal);
  const startedAt = new Date().toISOString();
  const runs: AuditRun[] = new Array(opts.models.length * opts.specs.length);
  const idScores = new Map<Classifier, Promise<ImageScores>>();
  const scoresOf = (model: Classifier, set: InDistributionSet): Promise<ImageScores> => {
    let scores = idScores.get(model);
    if (!scores) {
      scores = scoreImages(model, set.images, {
        batchSize: opts.batchSize,
        ...(set.labels ? { labels: set.labels } : {}),
      });
      idScores.set(model, scores);
    }
    return scores;
  };
  const groups = presetGroups(opts.models).map((group) => ({
    group,
    size: inputShape(group.preset, group.channels).size,
  }));
  const plan = groups.flatMap(({ group, size }) =>
    opts.specs.map((spec, s) => {
      const run: NoiseRun = {
        spec: spec as ResolvedNoiseSpec,
        preset: group.preset,
        size,
        start: opts.startIndex,
        count: opts.count,
        batchSize: opts.batchSize,
      };
      const backends = group.members.map((m) => m.model.backend);
      return { group, s, run, workers: noiseWorkerCount(options.noiseWorkers, run, backends) };
    }),
  );
  // One pool for the whole audit, as large as the hungriest run; none when no run wants one.
  const poolSize = Math.max(0, ...plan.map((p) => p.workers));
  const pool = poolSize > 0 ? NoiseWorkerPool.start(poolSize) : undefined;
  // In-thread runs of one preset group share one tensor buffer for the whole audit.
  const shared = new Map<PresetGroup, Float32Array>();
  const bufferOf = (group: PresetGroup, run: NoiseRun): Float32Array => {
    let buffer = shared.get(group);
    if (!buffer) {
      buffer = new Float32Array(run.batchSize * run.size);
      shared.set(group, buffer);
    }
    return buffer;
  };
  try {
    for (const { group, s, run, workers } of plan) {
      const batches =
        pool && workers > 0 ? pool.batches(run, workers) : inThreadBatches(run, bufferOf(group, run));
      const done = await auditGroupOnSpec(group, opts.specs[s]!, batches, opts, scoresOf);
      for (let i = 0; i < done.length; i++) runs[group.members[i]!.index * opts.specs.length + s] = done[i]!;
    }
  } finally {
    await pool?.close();
  }
  return {
    seed: opts.specs[0]!.seed,
    startIndex: opts.startIndex,
    count: opts.count,
    batchSize: opts.batchSize,
    topK: opts.topK,
    startedAt,
    finishedAt: new Date().toISOString(),
    snowblindVersion: snowblindVersion(),
    nodeVersion: process.version,
    hostCores: hostCores(),
    runs,
  };
}

async function auditGroupOnSpec(
  group: PresetGroup,
  spec: NoiseSpec,
  batches: NoiseBatches,
  opts: ResolvedAuditOptions,
  scoresOf: (model: Classifier, set: InDistributionSet) => Promise<ImageScores>,
): Promise<AuditRun[]> {
  const start = performance.now();
  const accumulators = group.members.map(
    ({ model }) =>
      new RunAccumulator(
        model,
        spec,
        opts.startIndex,
        opts.count,
        Math.min(opts.topK, model.numClasses),
        opts.keepSamples,
        start,
      ),
  );
  // Softmax output buffers, one per logit model, reused for every batch.
  const probabilityBuffers = group.members.map(({ model }) =>
    model.outputKind === 'logits' ? new Float32Array(opts.batchSize * model.numClasses) : null,
  );
  let lastYield = start;
  for (let done = 0; done < opts.count; ) {
    checkAborted(opts.signal);
    const batch = await batches.next();
    const { input, n, noiseMs, preprocessMs } = batch;
    for (let m = 0; m < group.members.length; m++) {
      const model = group.members[m]!.model;
      const acc = accumulators[m]!;
      acc.timings.noiseMs += noiseMs;
      acc.timings.preprocessMs += preprocessMs;
      const t0 = performance.now();
      const output = await model.predict(input, n);
      const t1 = performance.now();
      checkAborted(opts.signal);
      if (output.length !== n * model.numClasses) {
        throw new SnowblindError(
          'SHAPE_MISMATCH',
          `model "${model.id}" returned ${output.length} values for ${n} images × ${model.numClasses} classes`,
          { hint: 'Check that numClasses and the labels match the model output.' },
        );
      }
      const probabilities = probabilityBuffers[m]
        ? softmax(output, n, model.numClasses, probabilityBuffers[m]!)
        : output;
      acc.add(probabilities, probabilityBuffers[m] ? output : null, n);
      const t2 = performance.now();
      acc.timings.inferenceMs += t1 - t0;
      acc.timings.aggregationMs += t2 - t1;
      acc.timings.mark(t2);
      if (opts.onProgress) {
        const seconds = acc.timings.elapsedMs / 1000;
        const imagesPerSecond = seconds > 0 ? acc.processed / seconds : 0;
        opts.onProgress({
          model: model.id,
          kind: spec.kind as NoiseKind,
          processed: acc.processed,
          total: opts.count,
          imagesPerSecond,
          etaSeconds:
            imagesPerSecond > 0 ? (opts.count - acc.processed) / imagesPerSecond : Number.POSITIVE_INFINITY,
        });
      }
    }
    batches.release(batch);
    done += n;
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  const set = opts.inDistribution;
  if (!set) return accumulators.map((a) => a.result());
  const runs: AuditRun[] = [];
  for (const acc of accumulators) {
    runs.push({ ...acc.result(), ood: oodAgainst(set, await scoresOf(acc.model, set), acc.scoreValues()) });
  }
  return runs;
}

/** OpenOOD metrics of each detector score: in-distribution images against this run's noise. */
function oodAgainst(
  set: InDistributionSet,
  id: ImageScores,
  noise: ReturnType<RunAccumulator['scoreValues']>,
): AuditOod {
  return {
    dataset: set.name,
    count: id.count,
    ...(id.accuracy === undefined ? {} : { accuracy: id.accuracy }),
    msp: oodMetrics(id.msp, noise.msp),
    maxLogit: id.maxLogit && noise.maxLogit ? oodMetrics(id.maxLogit, noise.maxLogit) : null,
    energy: id.energy && noise.energy ? oodMetrics(id.energy, noise.energy) : null,
  };
}

function presetGroups(models: readonly Classifier[]): PresetGroup[] {
  const groups = new Map<string, PresetGroup>();
  models.forEach((model, index) => {
    const key = `${model.inputChannels}|${JSON.stringify(model.preset)}`;
    let group = groups.get(key);
    if (!group) {
      group = { preset: model.preset, channels: model.inputChannels, members: [] };
      groups.set(key, group);
    }
    group.members.push({ model, index });
  });
  return [...groups.values()];
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SnowblindError('CANCELLED', 'audit cancelled', {
      hint: 'Resume later with startIndex set to the number of images already audited.',
      cause: signal.reason,
    });
  }
}
