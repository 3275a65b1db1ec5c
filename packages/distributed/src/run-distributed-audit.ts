import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  AUDIT_LIMITS,
  type AuditModelInfo,
  type AuditProgress,
  type AuditResult,
  type AuditRun,
  type AuditSample,
  describe,
  fractionAbove,
  labelCounts,
  ModelRegistry,
  type NoiseKind,
  type NoiseSpec,
  SnowblindError,
  validateNoiseSpec,
} from '@snowblind/core';
import { ShardCoordinator } from './shard-coordinator.js';
import { resolveShardModel, type ShardModel } from './shard-model.js';
import { DEFAULT_QUEUE_NAME, planShards } from './shard-types.js';

/** Options of {@link runDistributedAudit}: core's `runAudit` options, with models by reference. */
export interface DistributedAuditOptions {
  /** Redis URL the workers (`snowblind worker --redis <url>`) listen on. */
  readonly redis: string;
  /**
   * Registry ids, or paths every worker can read: resolved in {@link registry} (an id first,
   * unless the reference reads as a path; see `ShardModel`) and sent with their content hash, so
   * a worker whose model differs refuses its shards (`HASH_MISMATCH`).
   */
  readonly models: readonly string[];
  /** Registry the models are resolved in on this machine. @defaultValue `await ModelRegistry.open()` */
  readonly registry?: ModelRegistry;
  readonly noise: NoiseSpec | readonly NoiseSpec[];
  /** Images per (model, spec), 1..10,000,000. */
  readonly count: number;
  /** @defaultValue 32 */
  readonly batchSize?: number;
  /** @defaultValue 5 */
  readonly topK?: number;
  /** Keep per-sample top-k for the first N images of each run (`true`: all). @defaultValue false */
  readonly keepSamples?: boolean | number;
  /** @defaultValue 0 */
  readonly startIndex?: number;
  /** Images per shard (rounded up to a multiple of the batch size). @defaultValue 1000 */
  readonly shardSize?: number;
  /**
   * Names the shards. Run again with the same id (and parameters) after an interruption and the
   * shards the workers finished meanwhile are reused. @defaultValue a random UUID
   */
  readonly auditId?: string;
  /** @defaultValue `snowblind-shards` */
  readonly queueName?: string;
  /** Cancels the audit: waiting shards are dropped, running ones stop at their next batch. */
  readonly signal?: AbortSignal;
  /** Called whenever a shard finishes (in any order), per run. */
  readonly onProgress?: (progress: AuditProgress) => void;
  /**
   * Called once no `snowblind worker` has been connected for {@link noWorkerNoticeMs} while
   * shards wait; the audit keeps waiting (a worker may be starting; cancel with {@link signal}).
   */
  readonly onNoWorkers?: () => void;
  /** @defaultValue {@link NO_WORKER_NOTICE_MS} */
  readonly noWorkerNoticeMs?: number;
  /** How long a lost Redis connection is retried before `REDIS_UNAVAILABLE`. @defaultValue 30,000 */
  readonly redisGiveUpMs?: number;
}

/** Time without a live worker before {@link DistributedAuditOptions.onNoWorkers} is called. */
export const NO_WORKER_NOTICE_MS = 5000;

interface RunColumns {
  model: AuditModelInfo | undefined;
  readonly score: Float64Array;
  readonly labels: string[];
  maxLogit: Float64Array | null;
  energy: Float64Array | null;
  readonly samples: AuditSample[];
  processed: number;
  readonly timings: { noiseMs: number; preprocessMs: number; inferenceMs: number; aggregationMs: number };
}

/** `@snowblind/core`'s version, as core's own reports name it (sibling package folder, source or dist). */
function coreVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../core/package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function checkCount(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SnowblindError('BAD_INPUT', `${name} must be an integer in ${min}..${max}, got ${value}`);
  }
  return value;
}

/**
 * Run an audit on `snowblind worker` processes through BullMQ on Redis and merge the shards into
 * the {@link AuditResult} core's `runAudit` returns for the same parameters: every per-sample
 * prediction and every statistic identical (statistics are recomputed from the rows in image
 * order), whichever workers ran which shards, died on them or ran them twice.
 *
 * @remarks Not supported here: `inDistribution` (OOD metrics need the models on this machine).
 * `timings` add up the workers' time per phase; `totalMs` is this call's wall time.
 * @throws SnowblindError `REDIS_UNAVAILABLE` (quickly) when Redis cannot be reached, `BAD_INPUT`,
 *   `CANCELLED`, or the error of a shard that failed on the workers (e.g. `MODEL_NOT_FOUND`).
 */
export async function runDistributedAudit(options: DistributedAuditOptions): Promise<AuditResult> {
  if (options.models.length === 0)
    throw new SnowblindError('BAD_INPUT', 'audit: models must be a non-empty array');
  if (new Set(options.models).size !== options.models.length) {
    throw new SnowblindError('BAD_INPUT', 'audit: a model is listed twice', {
      hint: 'Audit each model once.',
    });
  }
  const given = Array.isArray(options.noise) ? options.noise : [options.noise as NoiseSpec];
  if (given.length === 0) throw new SnowblindError('BAD_INPUT', 'audit: noise must name at least one spec');
  const specs = given.map((s) => validateNoiseSpec(s) as NoiseSpec);
  const count = checkCount('count', options.count, 1, AUDIT_LIMITS.maxCount);
  const batchSize = checkCount(
    'batchSize',
    options.batchSize ?? AUDIT_LIMITS.defaultBatchSize,
    1,
    AUDIT_LIMITS.maxBatchSize,
  );
  const topK = checkCount('topK', options.topK ?? AUDIT_LIMITS.defaultTopK, 1, 1_000_000);
  const startIndex = checkCount('startIndex', options.startIndex ?? 0, 0, Number.MAX_SAFE_INTEGER - count);
  const keep = options.keepSamples ?? false;
  const keepSamples =
    typeof keep === 'boolean' ? (keep ? count : 0) : checkCount('keepSamples', keep, 0, count);

  const registry = options.registry ?? (await ModelRegistry.open());
  const models: ShardModel[] = [];
  for (const ref of options.models) models.push(await resolveShardModel(ref, registry));
  const coordinator = await ShardCoordinator.connect(options.redis, {
    queueName: options.queueName ?? DEFAULT_QUEUE_NAME,
    ...(options.redisGiveUpMs === undefined ? {} : { giveUpAfterMs: options.redisGiveUpMs }),
  });
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const runs: RunColumns[] = options.models.flatMap(() =>
    specs.map(() => ({
      model: undefined,
      score: new Float64Array(count),
      labels: new Array<string>(count),
      maxLogit: null,
      energy: null,
      samples: [],
      processed: 0,
      timings: { noiseMs: 0, preprocessMs: 0, inferenceMs: 0, aggregationMs: 0 },
    })),
  );
  const plan = planShards({
    auditId: options.auditId ?? randomUUID(),
    models,
    noise: specs,
    count: startIndex + count,
    startIndex,
    batchSize,
    topK,
    ...(options.shardSize ? { shardSize: options.shardSize } : {}),
  });
  try {
    await coordinator.run(
      plan,
      {
        onShardDone(shard, summary) {
          const run = runs[shard.runIndex]!;
          run.processed += shard.count;
          for (const key of ['noiseMs', 'preprocessMs', 'inferenceMs', 'aggregationMs'] as const) {
            run.timings[key] += summary.timings[key];
          }
          const seconds = (performance.now() - t0) / 1000;
          const rate = seconds > 0 ? run.processed / seconds : 0;
          options.onProgress?.({
            model: options.models[Math.floor(shard.runIndex / specs.length)]!,
            kind: shard.noise.kind as NoiseKind,
            processed: run.processed,
            total: count,
            imagesPerSecond: rate,
            etaSeconds: rate > 0 ? (count - run.processed) / rate : Number.POSITIVE_INFINITY,
          });
        },
        ...(options.onNoWorkers
          ? {
              noWorkers: {
                afterMs: options.noWorkerNoticeMs ?? NO_WORKER_NOTICE_MS,
                notify: options.onNoWorkers,
              },
            }
          : {}),
        onRange(_range, results) {
          results.forEach((result, r) => {
            const run = runs[r]!;
            run.model ??= result.model;
            // Models that output probabilities have no logits: their samples carry no max logit.
            const logits = result.samples[0]?.maxLogit !== undefined;
            if (logits && !run.maxLogit) {
              run.maxLogit = new Float64Array(count);
              run.energy = new Float64Array(count);
            }
            for (const s of result.samples) {
              const i = s.index - startIndex;
              const top = s.topK[0]!;
              run.score[i] = top.score;
              run.labels[i] = top.label;
              if (run.maxLogit) run.maxLogit[i] = s.maxLogit ?? Number.NaN;
              if (run.energy) run.energy[i] = s.energy ?? Number.NaN;
              if (i < keepSamples) run.samples.push(s);
            }
          });
        },
      },
      options.signal,
    );
  } catch (error) {
    if (options.signal?.aborted) {
      const removed = await coordinator.cancel(plan.auditId).catch(() => undefined);
      throw new SnowblindError(
        'CANCELLED',
        `audit ${plan.auditId} cancelled${removed === undefined ? '' : `: ${removed} queued shard${removed === 1 ? '' : 's'} removed`}`,
        { hint: 'shards running on workers stop at their next batch; run again to start over' },
      );
    }
    throw error;
  } finally {
    await coordinator.close();
  }
  const totalMs = performance.now() - t0;
  const auditRuns: AuditRun[] = runs.map((run, r) => {
    const spec = specs[r % specs.length]!;
    const msp = describe(run.score);
    return {
      model: run.model!,
      kind: spec.kind as NoiseKind,
      noise: spec,
      startIndex,
      count,
      describe: msp,
      labelCounts: labelCounts(run.labels),
      fractionAbove: fractionAbove(run.score),
      scores: {
        msp,
        maxLogit: run.maxLogit ? describe(run.maxLogit) : null,
        energy: run.energy ? describe(run.energy) : null,
      },
      ...(keepSamples > 0 ? { samples: run.samples } : {}),
      timings: { ...run.timings, totalMs, imagesPerSecond: totalMs > 0 ? (count * 1000) / totalMs : 0 },
    };
  });
  return {
    seed: specs[0]!.seed,
    startIndex,
    count,
    batchSize,
    topK,
    startedAt,
    finishedAt: new Date().toISOString(),
    snowblindVersion: coreVersion(),
    nodeVersion: process.version,
    hostCores: availableParallelism(),
    runs: auditRuns,
  };
}
