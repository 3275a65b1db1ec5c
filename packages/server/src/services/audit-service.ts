import { randomUUID } from 'node:crypto';
import {
  type AuditModelInfo,
  describe,
  isSnowblindError,
  labelCounts,
  type NoiseSpec,
  type ResolvedNoiseSpec,
  validateNoiseSpec,
} from '@snowblind/core';
import { coded } from '../errors.js';
import { checkWork, DEFAULT_JOB_LIMITS, type JobLimits } from '../jobs/job-limits.js';
import type { JobHandle, JobQueue } from '../jobs/job-queue.js';
import type { AuditEvent } from '../jobs/job-types.js';
import { auditWork, modelInput } from '../jobs/job-work.js';
import { type AuditRecord, type AuditStore, TERMINAL_STATUSES } from '../store/audit-store.js';
import { cancelLive } from './job-cancel.js';
import type { ModelService } from './model-service.js';
import { ProgressClock } from './progress-clock.js';
import type { AuditProgressEvent, ProgressPubSub } from './pubsub.js';
import { jobFailure } from './redact-paths.js';
import { RunningRun } from './running-stats.js';

/** Limits of `startAudit` (the API is stricter than core: a server shares its cores). */
export const SERVER_AUDIT_LIMITS = Object.freeze({
  maxCount: 1_000_000,
  maxBatchSize: 4096,
  maxTopK: 100,
  maxModels: 16,
  maxNoise: 16,
});

/** What `startAudit` takes, already shape-checked by the schema. */
export interface StartAuditInput {
  readonly models: readonly string[];
  readonly noise: readonly NoiseSpec[];
  readonly count: number;
  readonly batchSize: number;
  readonly topK: number;
}

interface Live {
  readonly handle: JobHandle<{ processed: number }>;
  readonly runs: RunningRun[];
  /** This stretch's rate: from the worker's start (models loaded) and the images it had then. */
  readonly clock: ProgressClock;
  processed: number;
}

/**
 * Audits as jobs: validates and records them, runs them on the {@link JobQueue}, commits every
 * batch to SQLite, publishes progress, and writes the final statistics recomputed from the stored
 * samples (so a resumed audit's numbers are the uninterrupted run's numbers).
 */
export class AuditService {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly store: AuditStore,
    /** Where audits run (the schema asks a distributed one for its shards and workers). */
    readonly queue: JobQueue,
    private readonly pubsub: ProgressPubSub,
    private readonly models: ModelService,
    private readonly limits: JobLimits = DEFAULT_JOB_LIMITS,
  ) {}

  get(id: string): AuditRecord {
    const audit = this.store.get(id);
    if (!audit)
      throw coded('AUDIT_NOT_FOUND', `no audit with id "${id}"`, 'list audits with the audits query');
    return audit;
  }

  async start(input: StartAuditInput): Promise<AuditRecord> {
    const ids = new Set<string>();
    const modelSizes: number[] = [];
    for (const id of input.models) {
      if (ids.has(id)) throw coded('BAD_INPUT', `model "${id}" is listed twice`, 'audit each model once');
      ids.add(id);
      const entry = await this.models.entry(id);
      modelSizes.push(modelInput(await this.models.preset(entry)).size);
    }
    const resolved = input.noise.map((spec) => validateNoiseSpec(spec));
    this.checkSize(input, resolved, modelSizes);
    const noise: NoiseSpec[] = resolved;
    const id = randomUUID();
    this.store.insert({
      id,
      createdAt: new Date().toISOString(),
      status: 'QUEUED',
      count: input.count,
      seed: noise[0]!.seed,
      batchSize: input.batchSize,
      topK: input.topK,
      models: input.models,
      noise,
    });
    this.launch(this.get(id));
    this.publish(id);
    return this.get(id);
  }

  /** @throws JOB_TOO_LARGE when the audit's total or per-batch work is over the server's limits */
  private checkSize(
    input: StartAuditInput,
    noise: readonly ResolvedNoiseSpec[],
    modelSizes: readonly number[],
  ): void {
    const work = auditWork(input.count, input.batchSize, noise, modelSizes);
    checkWork(
      this.limits,
      'maxAuditValues',
      work.total,
      'this audit (count × models × noise specs × values per image)',
      'audit fewer or smaller images',
    );
    checkWork(
      this.limits,
      'maxBatchValues',
      work.batch,
      'one batch of this audit (batch size × values per image)',
      'pass a smaller batchSize or smaller images',
    );
  }

  /** Cancel a queued or running audit; answers once it is `CANCELLED` (committed batches stay). */
  async cancel(id: string): Promise<AuditRecord> {
    const audit = this.get(id);
    const live = TERMINAL_STATUSES.has(audit.status) ? undefined : this.live.get(id)?.handle;
    await cancelLive(live, 'audit', id, audit.status, this.limits.cancelGraceMs);
    return this.get(id);
  }

  resume(id: string): AuditRecord {
    const audit = this.get(id);
    if (this.live.has(id) || !['INTERRUPTED', 'CANCELLED', 'FAILED'].includes(audit.status)) {
      throw coded(
        'BAD_STATE',
        `audit "${id}" is ${audit.status.toLowerCase()}`,
        'only interrupted, cancelled or failed audits can be resumed',
      );
    }
    this.store.truncateSamples(id, audit.processed);
    this.store.setStatus(id, 'QUEUED');
    this.launch(this.get(id));
    this.publish(id);
    return this.get(id);
  }

  /** Running stats of a live audit, or stats from the stored samples. */
  progress(audit: AuditRecord): AuditProgressEvent {
    const live = this.live.get(audit.id);
    const runs = live
      ? live.runs
      : this.store.runs(audit.id).map((run) => {
          const r = new RunningRun(run.runIndex, run.model, run.kind);
          r.addColumns(this.store.columns(audit.id, run.runIndex));
          return r;
        });
    const processed = live?.processed ?? audit.processed;
    // Over this stretch only: a resumed audit's rate leaves out the time it sat stopped or queued.
    const rate = live ? live.clock.rate(processed) : 0;
    return {
      auditId: audit.id,
      status: audit.status,
      processed,
      total: audit.count,
      imagesPerSecond: rate,
      etaSeconds: rate > 0 ? (audit.count - processed) / rate : null,
      runs: runs.map((r) => r.stats()),
    };
  }

  /** Stop every live audit without marking it (the process is going away; a restart marks it interrupted). */
  detachAll(): void {
    this.live.clear();
  }

  /** Progress to the audit's own topic and to the topic every audit shares (the audit list). */
  private publish(id: string): void {
    const audit = this.store.get(id);
    if (!audit) return;
    const event = this.progress(audit);
    this.pubsub.publish('auditProgress', id, event);
    this.pubsub.publish('auditsChanged', event);
  }

  private launch(audit: AuditRecord): void {
    const runs = this.store.runs(audit.id).map((run) => {
      const r = new RunningRun(run.runIndex, run.model, run.kind);
      if (audit.processed > 0) r.addColumns(this.store.columns(audit.id, run.runIndex));
      return r;
    });
    const onEvent = (event: AuditEvent) => {
      if (event.type === 'started') {
        // The images kept from before a resume are where this stretch's count starts.
        this.live.get(audit.id)?.clock.report(audit.processed);
        this.store.setStatus(audit.id, 'RUNNING');
        event.models.forEach((info: AuditModelInfo, m) => {
          for (let s = 0; s < audit.noise.length; s++)
            this.store.setModelInfo(audit.id, m * audit.noise.length + s, info);
        });
      } else {
        this.store.commitBatch(audit.id, event.processed, event.runs);
        for (const batch of event.runs)
          for (const s of batch.samples) runs[batch.runIndex]!.add(s.score, s.label);
        const live = this.live.get(audit.id);
        if (live) live.processed = event.processed;
      }
      this.publish(audit.id);
    };
    const handle = this.queue.submit(
      {
        kind: 'audit',
        auditId: audit.id,
        models: audit.models,
        noise: audit.noise,
        count: audit.count,
        batchSize: audit.batchSize,
        topK: audit.topK,
        startIndex: audit.processed,
      },
      onEvent,
    );
    this.live.set(audit.id, {
      handle,
      runs,
      clock: new ProgressClock(),
      processed: audit.processed,
    });
    handle.result.then(
      () => this.finish(audit.id),
      (error: unknown) => {
        if (!this.live.has(audit.id)) return;
        const cancelled = isSnowblindError(error, 'CANCELLED');
        this.live.delete(audit.id);
        this.store.setStatus(
          audit.id,
          cancelled ? 'CANCELLED' : 'FAILED',
          jobFailure(error, this.models.folders(), 'the audit failed unexpectedly'),
        );
        this.publish(audit.id);
      },
    );
  }

  /** Final statistics from the stored samples, in image order: identical however the audit was batched or resumed. */
  private finish(id: string): void {
    if (!this.live.has(id)) return;
    for (const run of this.store.runs(id)) {
      const columns = this.store.columns(id, run.runIndex);
      this.store.setSummary(id, run.runIndex, {
        describe: describe(columns.score),
        labelCounts: labelCounts(columns.labels),
        maxLogit: columns.maxLogit ? describe(columns.maxLogit) : null,
        energy: columns.energy ? describe(columns.energy) : null,
      });
    }
    this.live.delete(id);
    this.store.setStatus(id, 'SUCCEEDED');
    this.publish(id);
  }
}
