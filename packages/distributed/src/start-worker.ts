import { randomBytes } from 'node:crypto';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { isSnowblindError, type OpenRegistryOptions, SnowblindError } from '@snowblind/core';
import { UnrecoverableError, Worker } from 'bullmq';
import { isConnectionError, watchConnection } from './connection-watch.js';
import { distributedError, encodeShardError } from './errors.js';
import { connectRedis, RECONNECT_MAX_DELAY_MS, redactRedisUrl } from './redis.js';
import { disposeShardModels, runShard } from './run-shard.js';
import {
  DEFAULT_QUEUE_NAME,
  REDIS_PREFIX,
  RESULT_TTL_SECONDS,
  resultKey,
  type ShardData,
  type ShardProgress,
  type ShardResult,
  type ShardSummary,
} from './shard-types.js';
import { removeHeartbeat, type WorkerInfo, writeHeartbeat } from './worker-registry.js';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly redis: string;
  /** Shards run at once in this process (TF.js wasm uses one core per shard). @defaultValue 1 */
  readonly concurrency?: number;
  /** Folder of the user model registry. @defaultValue `$SNOWBLIND_HOME`, else `~/.snowblind` */
  readonly home?: string;
  /** Built-in registry file; `null` for none. @defaultValue core's (the repository's `models/registry.json`) */
  readonly registryPath?: string | null;
  /** @defaultValue `snowblind-shards` */
  readonly queueName?: string;
  /**
   * How long a shard stays locked without a renewal: a worker killed mid-shard hands it to another
   * one after about this long plus `stalledIntervalMs`. @defaultValue 30,000
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for shards whose worker died. @defaultValue half the lock, at most 15,000 */
  readonly stalledIntervalMs?: number;
  /** Heartbeat period (the worker list drops a worker after three missed beats). @defaultValue 2,000 */
  readonly heartbeatMs?: number;
  /** How often a running shard checks whether its audit was cancelled. @defaultValue 1,000 */
  readonly cancelPollMs?: number;
  /**
   * Longest pause between two attempts to reconnect to a lost Redis. The worker never gives up:
   * it logs one line when the connection drops and one when it is back.
   * @defaultValue {@link RECONNECT_MAX_DELAY_MS} (BullMQ's advice)
   */
  readonly reconnectMaxDelayMs?: number;
  /** @defaultValue `<host>-<pid>-<random>` */
  readonly id?: string;
  /** Called after every batch of every shard (synchronously: keep it cheap). */
  readonly onShardProgress?: (progress: {
    readonly shardId: string;
    readonly processed: number;
    readonly count: number;
  }) => void;
  /** Called when a shard is done. */
  readonly onShardDone?: (shard: ShardData, result: ShardResult, seconds: number) => void;
  /** Where problems go. @defaultValue console.error */
  readonly log?: (line: string) => void;
}

/** A running worker. */
export interface RunningWorker {
  readonly id: string;
  /** Its current heartbeat content. */
  info(): WorkerInfo;
  /**
   * Resolves after {@link close}. A lost Redis is retried forever, so it only rejects
   * (`REDIS_UNAVAILABLE`) if the connection ends some other way.
   */
  readonly closed: Promise<void>;
  /**
   * Stop taking shards. By default the running shards finish first; `force` drops them (BullMQ
   * hands them to another worker once their lock expires).
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** This worker finished a shard whose lock another worker holds now (it was frozen or too slow). */
class LateShard extends Error {
  constructor(shardId: string) {
    super(`Missing lock for job ${shardId}: it went to another worker`);
  }
}

/** Key a coordinator sets to cancel an audit; workers poll it while they run its shards. */
export function cancelKey(auditId: string, prefix = REDIS_PREFIX): string {
  return `${prefix}:cancel:${auditId}`;
}

/**
 * Start a snowblind worker: takes audit shards from the BullMQ queue on `redis`, classifies them
 * with models from its own registry or by path, and returns per-sample rows as the job result.
 * The worker must see the same model files as the coordinator: it hashes each shard's model and
 * refuses the shard (`HASH_MISMATCH`) when the content differs from the coordinator's. BullMQ's
 * stalled-job check hands the shard of a worker that died to another one; a lost Redis is
 * reconnected with backoff, forever.
 *
 * @throws SnowblindError `REDIS_UNAVAILABLE` (quickly) when Redis cannot be reached, `BAD_INPUT` for bad options.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new SnowblindError('BAD_INPUT', `concurrency must be an integer in 1..64, got ${concurrency}`);
  }
  const log = options.log ?? ((line: string) => console.error(line));
  const id = options.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const location: OpenRegistryOptions = {
    home: options.home ?? process.env['SNOWBLIND_HOME'] ?? join(homedir(), '.snowblind'),
    builtinPath: options.registryPath,
  };
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const lockMs = options.lockDurationMs ?? 30_000;
  if (!Number.isInteger(lockMs) || lockMs < 1000) {
    throw new SnowblindError(
      'BAD_INPUT',
      `the shard lock must be a whole number of ms ≥ 1000, got ${lockMs}`,
    );
  }
  const redis = await connectRedis(options.redis, {
    reconnect: { maxDelayMs: options.reconnectMaxDelayMs ?? RECONNECT_MAX_DELAY_MS },
  });
  const connection = watchConnection(redis, options.redis, (line) => log(`snowblind worker ${id}: ${line}`));

  const startedAt = new Date().toISOString();
  const engines = new Set<string>();
  const active = new Set<string>();
  let shardsDone = 0;
  let imagesDone = 0;
  let busyMs = 0;
  const info = (): WorkerInfo => ({
    id,
    host: hostname(),
    pid: process.pid,
    engines: [...engines],
    concurrency,
    startedAt,
    lastSeenAt: new Date().toISOString(),
    activeShards: [...active],
    shardsDone,
    imagesDone,
    imagesPerSecond: busyMs > 0 ? (imagesDone * 1000) / busyMs : 0,
  });

  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const processor = async (
    job: { id?: string | undefined; data: ShardData; updateProgress(p: ShardProgress): Promise<void> },
    token?: string,
  ) => {
    const shard = job.data;
    const controller = new AbortController();
    const watch = setInterval(() => {
      redis.exists(cancelKey(shard.auditId)).then(
        (n) => n > 0 && controller.abort(),
        () => undefined,
      );
    }, options.cancelPollMs ?? 1000);
    active.add(shard.id);
    const t0 = performance.now();
    let reported = 0;
    const report = (processed: number) =>
      job.updateProgress({ processed, worker: id }).catch(() => undefined);
    try {
      if (await redis.exists(cancelKey(shard.auditId)))
        throw new SnowblindError('CANCELLED', 'audit cancelled');
      await report(0);
      const result = await runShard(shard, location, id, controller.signal, (p) => {
        options.onShardProgress?.({ shardId: shard.id, processed: p.processed, count: shard.count });
        const now = performance.now();
        if (now - reported > 500 && p.processed < shard.count) {
          reported = now;
          void report(p.processed);
        }
      });
      const ms = performance.now() - t0;
      busyMs += ms;
      shardsDone++;
      imagesDone += shard.count;
      engines.add(result.model.backend);
      options.onShardDone?.(shard, result, ms / 1000);
      // A shard handed on while this worker was frozen: its result is someone else's to give.
      const owner = await redis.get(`${REDIS_PREFIX}:${queueName}:${job.id}:lock`);
      if (token !== undefined && owner !== token) throw new LateShard(shard.id);
      // Rows first, then completion: a worker dying in between only causes a retry that rewrites them.
      await redis.set(resultKey(shard.id), JSON.stringify(result.samples), 'EX', RESULT_TTL_SECONDS);
      const summary: ShardSummary = {
        shardId: result.shardId,
        model: result.model,
        timings: result.timings,
        worker: id,
      };
      return summary;
    } catch (error) {
      if (error instanceof LateShard) throw error;
      // A user's error (unknown model, bad file) fails the same way on every worker: no retry.
      if (isSnowblindError(error)) throw new UnrecoverableError(encodeShardError(error));
      log(
        `snowblind worker ${id}: shard ${shard.id} failed: ${error instanceof Error ? error.stack : error}`,
      );
      throw new Error(encodeShardError(error));
    } finally {
      clearInterval(watch);
      active.delete(shard.id);
    }
  };

  const worker = new Worker<ShardData, ShardSummary>(queueName, processor, {
    connection: redis,
    prefix: REDIS_PREFIX,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: options.stalledIntervalMs ?? Math.min(15_000, Math.ceil(lockMs / 2)),
    // A shard whose worker died is retried; one that keeps killing workers fails at last.
    maxStalledCount: 3,
  });
  worker.on('error', (error) => {
    // Reconnection attempts fail until Redis is back: the watch said so once.
    if (connection.down() || isConnectionError(error)) return;
    // BullMQ refusing to finish a shard this worker no longer holds: expected after a freeze.
    if (/^Missing (lock|key) for job/.test(error.message) || error instanceof LateShard) {
      log(
        `snowblind worker ${id}: dropped a late result (the shard went to another worker): ${error.message}`,
      );
    } else log(`snowblind worker ${id}: ${error.message}`);
  });

  // One heartbeat at a time: while Redis is away they wait in the client's queue, not pile up.
  let beating: Promise<void> | undefined;
  const beat = () => {
    beating ??= writeHeartbeat(redis, info(), heartbeatMs)
      .catch((error: unknown) => {
        if (!connection.down())
          log(`snowblind worker ${id}: heartbeat failed: ${error instanceof Error ? error.message : error}`);
      })
      .finally(() => {
        beating = undefined;
      });
    return beating;
  };
  await beat();
  const timer = setInterval(beat, heartbeatMs);

  let stopping = false;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const closed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const shutdown = async (force: boolean) => {
    clearInterval(timer);
    connection.stop();
    // Commands wait for a lost Redis forever (maxRetriesPerRequest: null): without a connection,
    // close at once and leave the heartbeat key to expire.
    const online = redis.status === 'ready';
    await settledWithin(worker.close(force || !online), online ? Number.POSITIVE_INFINITY : 1000);
    if (online) await settledWithin(removeHeartbeat(redis, id), 2000);
    redis.disconnect();
    await disposeShardModels();
  };
  redis.once('end', () => {
    if (stopping) return;
    stopping = true;
    void shutdown(true).finally(() =>
      settle.reject(
        distributedError(
          'REDIS_UNAVAILABLE',
          `lost the connection to Redis at ${redactRedisUrl(options.redis)}`,
          {
            hint: 'check that Redis is running; start the worker again once it is',
          },
        ),
      ),
    );
  });
  return {
    id,
    info,
    closed,
    async close(opts = {}) {
      if (stopping) return closed.catch(() => undefined);
      stopping = true;
      await shutdown(opts.force === true);
      settle.resolve();
    },
  };
}

/** Waits for `promise` to settle, at most `ms` milliseconds; its outcome is ignored. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  const settled = promise.then(
    () => undefined,
    () => undefined,
  );
  if (!Number.isFinite(ms)) return settled;
  return Promise.race([settled, new Promise<void>((done) => setTimeout(done, ms).unref())]);
}
