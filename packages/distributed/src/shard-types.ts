import type { AuditModelInfo, AuditSample, AuditTimings, NoiseSpec } from '@snowblind/core';
import type { ShardModel } from './shard-model.js';

/** BullMQ queue of audit shards, and the Redis key prefix of everything snowblind stores. */
export const DEFAULT_QUEUE_NAME = 'snowblind-shards';
export const REDIS_PREFIX = 'snowblind';

/** Images per shard when none is asked for (rounded up to a multiple of the batch size). */
export const DEFAULT_SHARD_SIZE = 1000;

/**
 * One shard: one model on one noise spec over images `start .. start+count-1`. Image i of a spec
 * is the same bytes on every machine, so these parameters are the whole shard: no images travel.
 */
export interface ShardData {
  readonly id: string;
  readonly auditId: string;
  /** Position of the run in the audit: models outer, noise specs inner. */
  readonly runIndex: number;
  /** Registry id, or an absolute path every worker can read (see {@link ShardModel}). */
  readonly model: string;
  /** sha256 of the model's content on the coordinator: a worker whose model differs refuses the shard. */
  readonly modelSha256: string;
  readonly noise: NoiseSpec;
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
  readonly topK: number;
}

/**
 * What a worker hands back for a shard, as BullMQ's return value. Kept small: BullMQ also copies
 * return values into its event stream. The rows go to their own key ({@link resultKey}).
 */
export interface ShardSummary {
  readonly shardId: string;
  readonly model: AuditModelInfo;
  readonly timings: AuditTimings;
  /** Id of the worker that produced it. */
  readonly worker: string;
}

/** A finished shard: its summary and every image's sample (core's top-k, max logit, energy), in index order. */
export interface ShardResult extends ShardSummary {
  readonly samples: readonly AuditSample[];
}

/** Where a worker stores the rows of a shard until the coordinator merges them. */
export function resultKey(shardId: string, prefix = REDIS_PREFIX): string {
  return `${prefix}:result:${shardId}`;
}

/** Rows of finished shards expire if no coordinator ever merges them. */
export const RESULT_TTL_SECONDS = 7 * 24 * 3600;

/** Progress a worker attaches to the shard it runs. */
export interface ShardProgress {
  readonly processed: number;
  readonly worker: string;
}

/** An audit cut into shards: ranges of images (aligned to `shardSize`), each over every run. */
export interface ShardPlan {
  readonly auditId: string;
  readonly runs: number;
  readonly ranges: readonly {
    readonly start: number;
    readonly end: number;
    readonly shards: readonly ShardData[];
  }[];
}

/** What {@link planShards} needs. */
export interface PlanInput {
  readonly auditId: string;
  readonly models: readonly ShardModel[];
  readonly noise: readonly NoiseSpec[];
  /** Images per run in the whole audit (the end of the last range). */
  readonly count: number;
  /** First image not yet merged. @defaultValue 0 */
  readonly startIndex?: number;
  readonly batchSize: number;
  readonly topK: number;
  /** @defaultValue {@link DEFAULT_SHARD_SIZE} */
  readonly shardSize?: number;
}

/** BullMQ job ids must not contain ':'; audit ids are UUIDs or test names. */
export function shardId(auditId: string, runIndex: number, start: number, end: number): string {
  return `${auditId.replaceAll(':', '_')}.r${runIndex}.${start}-${end}`;
}

/**
 * Cut an audit into shards. Range boundaries are multiples of the shard size (itself a multiple
 * of the batch size), whatever the start index, so a resumed audit asks for the very shards the
 * interrupted one did and reuses those the workers finished meanwhile.
 */
export function planShards(input: PlanInput): ShardPlan {
  const batch = input.batchSize;
  const size = Math.max(1, Math.ceil((input.shardSize ?? DEFAULT_SHARD_SIZE) / batch)) * batch;
  const runs = input.models.length * input.noise.length;
  const ranges: ShardPlan['ranges'][number][] = [];
  for (let start = input.startIndex ?? 0; start < input.count; ) {
    const end = Math.min(input.count, (Math.floor(start / size) + 1) * size);
    const shards: ShardData[] = [];
    input.models.forEach((model, m) => {
      input.noise.forEach((noise, s) => {
        const runIndex = m * input.noise.length + s;
        shards.push({
          id: shardId(input.auditId, runIndex, start, end),
          auditId: input.auditId,
          runIndex,
          model: model.ref,
          modelSha256: model.sha256,
          noise,
          start,
          count: end - start,
          batchSize: batch,
          topK: input.topK,
        });
      });
    });
    ranges.push({ start, end, shards });
    start = end;
  }
  return { auditId: input.auditId, runs, ranges };
}
