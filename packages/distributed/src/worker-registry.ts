import type { Redis } from 'ioredis';
import { REDIS_PREFIX } from './shard-types.js';

/** What a worker says about itself, refreshed every few seconds while it lives. */
export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Engines of the models it has loaded (e.g. `wasm`, `onnx`); empty before its first shard. */
  readonly engines: readonly string[];
  /** Shards it runs at once. */
  readonly concurrency: number;
  readonly startedAt: string;
  readonly lastSeenAt: string;
  /** Ids of the shards it is running. */
  readonly activeShards: readonly string[];
  readonly shardsDone: number;
  readonly imagesDone: number;
  /** Images per second over the time it spent on shards. */
  readonly imagesPerSecond: number;
}

/** A heartbeat lives this many intervals: a worker that stops beating drops out of the list. */
const TTL_INTERVALS = 3;

const setKey = (prefix: string) => `${prefix}:workers`;
const infoKey = (prefix: string, id: string) => `${prefix}:worker:${id}`;

/** Write one heartbeat (expiring), and add the worker to the set of known workers. */
export async function writeHeartbeat(
  redis: Redis,
  info: WorkerInfo,
  intervalMs: number,
  prefix = REDIS_PREFIX,
): Promise<void> {
  await redis
    .multi()
    .set(infoKey(prefix, info.id), JSON.stringify(info), 'PX', intervalMs * TTL_INTERVALS)
    .sadd(setKey(prefix), info.id)
    .exec();
}

/** Remove a worker at shutdown. */
export async function removeHeartbeat(redis: Redis, id: string, prefix = REDIS_PREFIX): Promise<void> {
  await redis.multi().del(infoKey(prefix, id)).srem(setKey(prefix), id).exec();
}

/** Workers with a live heartbeat, by id; forgets the ones whose heartbeat expired. */
export async function listWorkers(redis: Redis, prefix = REDIS_PREFIX): Promise<WorkerInfo[]> {
  const ids = (await redis.smembers(setKey(prefix))).sort();
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => infoKey(prefix, id)));
  const gone = ids.filter((_, i) => values[i] === null);
  if (gone.length > 0) await redis.srem(setKey(prefix), ...gone);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerInfo);
}
