import { type AuditSample, SnowblindError } from '@snowblind/core';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { decodeShardError, distributedError, type ShardErrorCode } from './errors.js';
import { connectRedis, redactRedisUrl } from './redis.js';
import {
  DEFAULT_QUEUE_NAME,
  REDIS_PREFIX,
  RESULT_TTL_SECONDS,
  resultKey,
  type ShardData,
  type ShardPlan,
  type ShardProgress,
  type ShardResult,
  type ShardSummary,
} from './shard-types.js';
import { cancelKey } from './start-worker.js';
import { listWorkers, type WorkerInfo } from './worker-registry.js';

/** Where a shard is: BullMQ's job states, plus `MERGED` once its rows are in the report. */
export const SHARD_STATES = [
  'WAITING',
  'ACTIVE',
  'DELAYED',
  'COMPLETED',
  'FAILED',
  'MERGED',
  'UNKNOWN',
] as const;
export type ShardState = (typeof SHARD_STATES)[number];

/** One shard of an audit as the API shows it. */
export interface ShardInfo {
  readonly id: string;
  readonly runIndex: number;
  readonly model: string;
  readonly kind: string;
  readonly start: number;
  readonly count: number;
  readonly state: ShardState;
  /** Images done (from the worker's last progress report while it runs). */
  readonly processed: number;
  /** The worker that runs or ran it, when known. */
  readonly worker: string | null;
  /** Times a worker failed on it or died holding it. */
  readonly retries: number;
}

/** What a coordinated audit calls back. */
export interface ShardHandlers {
  /** Once per shard, the first time it is seen finished (shards finish in any order). */
  onShardDone?(shard: ShardData, summary: ShardSummary): void;
  /** Every range in image order, with one result per run (runIndex order), once all of them are done. */
  onRange(range: ShardPlan['ranges'][number], results: readonly ShardResult[]): void | Promise<void>;
  /**
   * Called once no worker has had a live heartbeat for `afterMs` while shards wait (again after
   * workers came and all went). The audit keeps waiting: a worker may still be starting.
   */
  noWorkers?: { readonly afterMs: number; notify(): void };
}

/** Options of {@link ShardCoordinator.connect}. */
export interface CoordinatorOptions {
  /** @defaultValue `snowblind-shards` */
  readonly queueName?: string;
  /** Safety-net poll of the next range's shards (and of live workers). @defaultValue 1000 */
  readonly pollMs?: number;
  /**
   * How long a lost Redis connection is retried before the audit fails with `REDIS_UNAVAILABLE`.
   * @defaultValue {@link REDIS_GIVE_UP_MS}
   */
  readonly giveUpAfterMs?: number;
  /** Called once the connection gave up (the coordinator is useless then: connect a new one). */
  readonly onLost?: () => void;
}

/** A coordinator rides out Redis restarts shorter than this (about 30 s). */
export const REDIS_GIVE_UP_MS = 30_000;

interface Tracked {
  readonly plan: ShardPlan;
  readonly shards: Map<string, ShardData>;
  readonly onShardDone: ShardHandlers['onShardDone'];
  readonly noWorkers: ShardHandlers['noWorkers'];
  /** Since when no live worker was seen (`performance.now()`), and whether that was said. */
  idleSince: number | undefined;
  idleNoticed: boolean;
  readonly done: Map<string, ShardSummary>;
  /** While {@link ShardCoordinator.run} runs it. */
  active: boolean;
  /** Retries of merged shards (their jobs are gone). */
  readonly retries: Map<string, number>;
  mergedUpTo: number;
  error: SnowblindError<ShardErrorCode> | undefined;
  wake: () => void;
}

/** Job options of a shard: retried after a crash of its worker's code, kept until merged. */
const SHARD_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  // Merged shards are removed at once; these ages only clear what no coordinator came back for.
  removeOnComplete: { age: RESULT_TTL_SECONDS },
  removeOnFail: { age: RESULT_TTL_SECONDS },
} as const;

/** Shards tracked in memory after their audit ended, for the API's shard states. */
const KEEP_FINISHED = 50;

/**
 * The coordinator side of distributed audits: enqueues an audit's shards as BullMQ jobs (job id =
 * shard id, so enqueueing twice is a no-op and a resumed audit reuses finished shards), learns of
 * finished shards from BullMQ's event stream (with a slow poll as a safety net), and hands their
 * rows back range by range in image order. A shard is merged once, however many times it ran.
 */
export class ShardCoordinator {
  private readonly tracked = new Map<string, Tracked>();
  private readonly byShard = new Map<string, Tracked>();
  /** Set when the connection to Redis gave up: every audit fails with it. */
  private lost: SnowblindError<ShardErrorCode> | undefined;
  private closing = false;

  private constructor(
    readonly redis: Redis,
    private readonly queue: Queue<ShardData, ShardSummary>,
    private readonly events: QueueEvents,
    private readonly pollMs: number,
    url: string,
    onLost: (() => void) | undefined,
  ) {
    redis.once('end', () => {
      if (this.closing) return;
      this.lost = distributedError(
        'REDIS_UNAVAILABLE',
        `lost the connection to Redis at ${redactRedisUrl(url)}`,
        {
          hint: 'check that Redis is running and reachable from here, then run the audit again',
        },
      );
      for (const t of this.tracked.values()) t.wake();
      onLost?.();
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      const t = this.byShard.get(jobId);
      if (!t) return;
      const summary = (
        typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue
      ) as ShardSummary;
      this.markDone(t, jobId, summary);
    });
    events.on('failed', ({ jobId }) => {
      const t = this.byShard.get(jobId);
      if (t) void this.checkFailed(t, jobId);
    });
  }

  /**
   * Connect to Redis (fails fast with `REDIS_UNAVAILABLE`) and subscribe to shard events. A
   * connection lost later is retried with backoff for `giveUpAfterMs`, then audits fail with
   * `REDIS_UNAVAILABLE`.
   */
  static async connect(url: string, options: CoordinatorOptions = {}): Promise<ShardCoordinator> {
    const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    const redis = await connectRedis(url, {
      reconnect: { giveUpAfterMs: options.giveUpAfterMs ?? REDIS_GIVE_UP_MS },
    });
    const queue = new Queue<ShardData, ShardSummary>(queueName, { connection: redis, prefix: REDIS_PREFIX });
    const events = new QueueEvents(queueName, { connection: redis, prefix: REDIS_PREFIX });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new ShardCoordinator(redis, queue, events, options.pollMs ?? 1000, url, options.onLost);
  }

  /**
   * Run a planned audit to the end: resolves after the last range was handed to `onRange`.
   * @throws SnowblindError `CANCELLED` when `signal` aborts, `REDIS_UNAVAILABLE` when Redis is
   *   lost for good, or the error of a shard that failed for good.
   */
  async run(plan: ShardPlan, handlers: ShardHandlers, signal?: AbortSignal): Promise<void> {
    const tracked: Tracked = {
      plan,
      shards: new Map(plan.ranges.flatMap((r) => r.shards.map((s) => [s.id, s] as const))),
      onShardDone: handlers.onShardDone?.bind(handlers),
      noWorkers: handlers.noWorkers,
      idleSince: undefined,
      idleNoticed: false,
      done: new Map(),
      active: true,
      retries: new Map(),
      mergedUpTo: plan.ranges[0]?.start ?? 0,
      error: undefined,
      wake: () => undefined,
    };
    this.track(plan.auditId, tracked);
    try {
      await this.runTracked(plan, tracked, handlers, signal);
    } catch (error) {
      // Calls pending when the connection gave up fail with ioredis' own errors: say what happened.
      throw this.lost ?? error;
    } finally {
      tracked.active = false;
    }
  }

  private async runTracked(
    plan: ShardPlan,
    tracked: Tracked,
    handlers: ShardHandlers,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    await this.redis.del(cancelKey(plan.auditId));
    await this.enqueue(plan.ranges.flatMap((r) => r.shards));
    for (const range of plan.ranges) {
      let results: ShardResult[] | null = null;
      while (!results) {
        await this.waitFor(tracked, range.shards, signal);
        results = await this.collect(range.shards, tracked);
      }
      await handlers.onRange(range, results);
      tracked.mergedUpTo = range.end;
      await this.redis.del(...range.shards.map((s) => resultKey(s.id)));
      await Promise.all(
        range.shards.map(async (s) => {
          const job = await this.queue.getJob(s.id).catch(() => undefined);
          tracked.retries.set(s.id, retriesOf(job));
          await job?.remove().catch(() => undefined);
        }),
      );
    }
  }

  /** Until every shard of a range is done: woken by BullMQ events, polling now and then. */
  private async waitFor(tracked: Tracked, shards: readonly ShardData[], signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new SnowblindError('CANCELLED', 'audit cancelled');
      if (this.lost) throw this.lost;
      if (tracked.error) throw tracked.error;
      const missing = shards.filter((s) => !tracked.done.has(s.id));
      if (missing.length === 0) return;
      await this.poll(tracked, missing);
      await this.watchWorkers(tracked);
      if (tracked.error || missing.every((s) => tracked.done.has(s.id))) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.pollMs);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          tracked.wake = () => undefined;
          resolve();
        }
        tracked.wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /**
   * Stop an audit: it is marked cancelled (workers running one of its shards stop at their next
   * check, and skip any they take), and its waiting shards are removed from the queue.
   * @returns how many waiting shards were removed.
   */
  async cancel(auditId: string): Promise<number> {
    await this.redis.set(cancelKey(auditId), '1', 'EX', 24 * 3600);
    const t = this.tracked.get(auditId);
    if (!t) return 0;
    const pending = t.plan.ranges.flatMap((r) => r.shards).filter((s) => !t.done.has(s.id));
    // BullMQ refuses (0) to remove a shard a worker holds: that one stops on the mark.
    const removed = await Promise.all(pending.map((s) => this.queue.remove(s.id).catch(() => 0)));
    return removed.reduce<number>((a, b) => a + b, 0);
  }

  /** The shards of an audit this coordinator ran (none for audits it never saw). */
  async shards(auditId: string, offset = 0, limit = 100): Promise<ShardInfo[]> {
    const t = this.tracked.get(auditId);
    if (!t) return [];
    const all = t.plan.ranges.flatMap((r) => r.shards).slice(offset, offset + limit);
    return Promise.all(
      all.map(async (s): Promise<ShardInfo> => {
        const base = {
          id: s.id,
          runIndex: s.runIndex,
          model: s.model,
          kind: s.noise.kind,
          start: s.start,
          count: s.count,
        };
        const summary = t.done.get(s.id);
        if (s.start < t.mergedUpTo) {
          return {
            ...base,
            state: 'MERGED',
            processed: s.count,
            worker: summary?.worker ?? null,
            retries: t.retries.get(s.id) ?? 0,
          };
        }
        const job = await this.queue.getJob(s.id).catch(() => undefined);
        const state = job ? await job.getState().catch(() => 'unknown') : 'unknown';
        const progress = (job?.progress ?? {}) as Partial<ShardProgress>;
        return {
          ...base,
          state: toShardState(String(state)),
          processed: summary ? s.count : (progress.processed ?? 0),
          worker: summary?.worker ?? progress.worker ?? null,
          retries: retriesOf(job),
        };
      }),
    );
  }

  /** Workers with a live heartbeat. */
  workers(): Promise<WorkerInfo[]> {
    return listWorkers(this.redis);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.tracked.values()) t.wake();
    await this.events.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }

  /** Say once when no worker has been alive for a while (workers may not see this Redis). */
  private async watchWorkers(t: Tracked): Promise<void> {
    if (!t.noWorkers) return;
    const live = (await listWorkers(this.redis)).length;
    if (live > 0) {
      t.idleSince = undefined;
      t.idleNoticed = false;
      return;
    }
    const now = performance.now();
    t.idleSince ??= now;
    if (!t.idleNoticed && now - t.idleSince >= t.noWorkers.afterMs) {
      t.idleNoticed = true;
      t.noWorkers.notify();
    }
  }

  private track(auditId: string, tracked: Tracked): void {
    const old = this.tracked.get(auditId);
    if (old) for (const s of old.plan.ranges.flatMap((r) => r.shards)) this.byShard.delete(s.id);
    this.tracked.delete(auditId);
    this.tracked.set(auditId, tracked);
    for (const r of tracked.plan.ranges) for (const s of r.shards) this.byShard.set(s.id, tracked);
    // Forget the oldest finished audits (insertion order).
    for (const [id, t] of this.tracked) {
      if (this.tracked.size <= KEEP_FINISHED) break;
      if (id === auditId) continue;
      for (const s of t.plan.ranges.flatMap((r) => r.shards)) this.byShard.delete(s.id);
      this.tracked.delete(id);
    }
  }

  private markDone(t: Tracked, shardId: string, summary: ShardSummary): void {
    if (t.done.has(shardId)) return; // a shard that finished twice counts once
    t.done.set(shardId, summary);
    t.onShardDone?.(t.shards.get(shardId)!, summary);
    t.wake();
  }

  /** Add the shards; ones already there are kept (a finished one is reused), failed ones retried. */
  private async enqueue(shards: readonly ShardData[]): Promise<void> {
    for (let i = 0; i < shards.length; i += 500) {
      const chunk = shards.slice(i, i + 500);
      await this.queue.addBulk(
        chunk.map((s) => ({ name: 'shard', data: s, opts: { ...SHARD_JOB_OPTIONS, jobId: s.id } })),
      );
      const states = await Promise.all(chunk.map((s) => this.queue.getJobState(s.id)));
      await Promise.all(
        chunk.map(async (s, k) => {
          if (states[k] !== 'failed') return;
          const job = await this.queue.getJob(s.id);
          await job?.retry('failed');
        }),
      );
    }
  }

  /** Safety net for missed events: look at the shards the next range waits for. */
  private async poll(t: Tracked, shards: readonly ShardData[]): Promise<void> {
    await Promise.all(
      shards.map(async (s) => {
        const job = await this.queue.getJob(s.id);
        if (!job) {
          // Removed behind our back (e.g. by a cancel of an earlier run): queue it again.
          await this.enqueue([s]);
          return;
        }
        if (job.finishedOn && job.returnvalue) this.markDone(t, s.id, job.returnvalue);
        else if (job.finishedOn && job.failedReason) await this.checkFailed(t, s.id, job);
      }),
    );
  }

  private async checkFailed(
    t: Tracked,
    shardId: string,
    known?: Job<ShardData, ShardSummary>,
  ): Promise<void> {
    if (!t.active) return;
    const job = known ?? (await this.queue.getJob(shardId));
    if (!job || (await job.getState()) !== 'failed') return; // a retry is coming
    const error = decodeShardError(job.failedReason, shardId);
    if (error.code === 'CANCELLED') {
      // Stopped by an earlier cancel of this audit, which has been resumed since: run it again.
      await job.retry('failed').catch(() => undefined);
      return;
    }
    t.error ??= error;
    t.wake();
  }

  /** The rows of finished shards; null (and the shards queued again) when some were lost. */
  private async collect(shards: readonly ShardData[], t: Tracked): Promise<ShardResult[] | null> {
    const raw = await this.redis.mget(shards.map((s) => resultKey(s.id)));
    const lost = shards.filter((_, k) => raw[k] === null);
    if (lost.length > 0) {
      for (const s of lost) {
        t.done.delete(s.id);
        await this.queue.remove(s.id).catch(() => 0);
      }
      await this.enqueue(lost);
      return null;
    }
    return shards.map((s, k) => ({ ...t.done.get(s.id)!, samples: JSON.parse(raw[k]!) as AuditSample[] }));
  }
}

/** Every start of a shard's job but the first was a retry: after a failure, or a worker that died holding it. */
function retriesOf(job: Job | undefined): number {
  return Math.max(0, (job?.attemptsStarted ?? 0) - 1);
}

function toShardState(state: string): ShardState {
  switch (state) {
    case 'waiting':
    case 'waiting-children':
    case 'prioritized':
      return 'WAITING';
    case 'active':
      return 'ACTIVE';
    case 'delayed':
      return 'DELAYED';
    case 'completed':
      return 'COMPLETED';
    case 'failed':
      return 'FAILED';
    default:
      return 'UNKNOWN';
  }
}
