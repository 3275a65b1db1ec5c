import { ModelRegistry, SnowblindError } from '@snowblind/core';
import {
  DEFAULT_QUEUE_NAME,
  planShards,
  resolveShardModel,
  ShardCoordinator,
  type ShardInfo,
  type ShardModel,
  type WorkerInfo,
} from '@snowblind/distributed';
import { toSampleRow } from '../store/audit-store.js';
import type { JobHandle, JobQueue } from './job-queue.js';
import type { AuditJob, Job, JobEvent, JobOutput, RegistryLocation } from './job-types.js';

/** Options of {@link BullmqQueue}. */
export interface BullmqQueueOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  readonly redis: string;
  /**
   * Runner of the jobs that stay on the server (explanations write heat maps to its disk; OOD
   * scores are small), typically the in-process `WorkerPool`. Without one they fail `UNSUPPORTED_OP`.
   */
  readonly local?: JobQueue;
  /** Images per shard, rounded up to a multiple of the audit's batch size. @defaultValue 1000 */
  readonly shardSize?: number;
  /** @defaultValue `snowblind-shards` */
  readonly queueName?: string;
  /**
   * The server's model registry: audit models are resolved and hashed in it, and a worker whose
   * model of the same id has other content refuses the shard (`HASH_MISMATCH`).
   * @defaultValue core's default registry (`$SNOWBLIND_HOME`, the built-in one)
   */
  readonly location?: RegistryLocation;
  /** How long a lost Redis connection is retried before audits fail `REDIS_UNAVAILABLE`. @defaultValue 30,000 */
  readonly redisGiveUpMs?: number;
}

/**
 * A {@link JobQueue} that spreads audits over `snowblind worker` processes through BullMQ on
 * Redis: each audit becomes shards (model × noise spec × image range), any number of workers on
 * any machines take them, and the shard rows come back as `batch` events in image order, so the
 * audit service commits, resumes and summarises them exactly as it does in-process runs.
 *
 * @remarks A range is committed once every run's shard of it is done, so progress moves in
 * shard-sized steps; shard states and workers are in {@link BullmqQueue.shards} / {@link BullmqQueue.workers}.
 */
export class BullmqQueue implements JobQueue {
  private coordinator: Promise<ShardCoordinator> | undefined;
  private closed = false;

  constructor(private readonly options: BullmqQueueOptions) {}

  /**
   * A queue whose Redis connection is checked now.
   * @throws SnowblindError `REDIS_UNAVAILABLE` when Redis cannot be reached.
   */
  static async connect(options: BullmqQueueOptions): Promise<BullmqQueue> {
    const queue = new BullmqQueue(options);
    await queue.connection();
    return queue;
  }

  private connection(): Promise<ShardCoordinator> {
    if (!this.coordinator) {
      const opening: Promise<ShardCoordinator> = ShardCoordinator.connect(this.options.redis, {
        queueName: this.options.queueName ?? DEFAULT_QUEUE_NAME,
        ...(this.options.redisGiveUpMs === undefined ? {} : { giveUpAfterMs: this.options.redisGiveUpMs }),
        // Its audits fail REDIS_UNAVAILABLE; the next one connects afresh.
        onLost: () => {
          if (this.coordinator === opening) this.coordinator = undefined;
          void opening.then((c) => c.close());
        },
      });
      this.coordinator = opening;
      // A failed connection is not cached: the next audit tries again.
      opening.catch(() => {
        if (this.coordinator === opening) this.coordinator = undefined;
      });
    }
    return this.coordinator;
  }

  submit<J extends Job>(job: J, onEvent: (event: JobEvent<J>) => void): JobHandle<JobOutput<J>> {
    if (this.closed) {
      return {
        result: Promise.reject(new SnowblindError('CANCELLED', 'the job runner is shut down')),
        cancel() {},
      };
    }
    if (job.kind !== 'audit') {
      if (this.options.local) return this.options.local.submit(job, onEvent);
      return {
        result: Promise.reject(
          new SnowblindError('UNSUPPORTED_OP', `${job.kind} jobs need a local runner`, {
            hint: 'pass BullmqQueue({ local: new WorkerPool(...) })',
          }),
        ),
        cancel() {},
      };
    }
    const audit = job as AuditJob;
    const controller = new AbortController();
    const emit = onEvent as (event: JobEvent<AuditJob>) => void;
    const result = this.runAudit(audit, emit, controller.signal);
    return {
      result: result as Promise<JobOutput<J>>,
      cancel: () => {
        // The cancel mark is in Redis before the audit reports CANCELLED, so a resume that
        // follows (and clears it) cannot be cancelled by it.
        const marked = this.coordinator?.then((c) => c.cancel(audit.auditId)) ?? Promise.resolve();
        void marked.catch(() => undefined).finally(() => controller.abort());
      },
    };
  }

  private async runAudit(
    job: AuditJob,
    emit: (event: JobEvent<AuditJob>) => void,
    signal: AbortSignal,
  ): Promise<{ processed: number }> {
    const location = this.options.location;
    const registry = await ModelRegistry.open(
      location ? { home: location.home, builtinPath: location.builtinPath } : {},
    );
    const models: ShardModel[] = [];
    for (const ref of job.models) models.push(await resolveShardModel(ref, registry));
    const coordinator = await this.connection();
    const plan = planShards({
      ...job,
      models,
      ...(this.options.shardSize ? { shardSize: this.options.shardSize } : {}),
    });
    let started = false;
    await coordinator.run(
      plan,
      {
        onRange(range, results) {
          if (!started) {
            started = true;
            emit({
              type: 'started',
              models: results.filter((_, r) => r % job.noise.length === 0).map((r) => r.model),
            });
          }
          emit({
            type: 'batch',
            processed: range.end,
            runs: results.map((r, runIndex) => ({ runIndex, samples: r.samples.map(toSampleRow) })),
          });
        },
      },
      signal,
    );
    return { processed: job.count };
  }

  /** Shards of an audit this server ran, with their state. */
  async shards(auditId: string, offset?: number, limit?: number): Promise<ShardInfo[]> {
    return (await this.connection()).shards(auditId, offset, limit);
  }

  /** Workers with a live heartbeat. */
  async workers(): Promise<WorkerInfo[]> {
    return (await this.connection()).workers();
  }

  async close(): Promise<void> {
    this.closed = true;
    const coordinator = await this.coordinator?.catch(() => undefined);
    await coordinator?.close();
    await this.options.local?.close();
  }
}
