import { randomUUID } from 'node:crypto';
import { isSnowblindError } from '@snowblind/core';
import { createPubSub } from 'graphql-yoga';
import { coded } from '../errors.js';
import { checkWork, DEFAULT_JOB_LIMITS, type JobLimits } from '../jobs/job-limits.js';
import type { JobHandle, JobQueue } from '../jobs/job-queue.js';
import type { FoolJob } from '../jobs/job-types.js';
import { foolCandidates, modelInput, noiseReplayWork } from '../jobs/job-work.js';
import type { FoolJobResult, FoolRecord, FoolStatus, FoolStore } from '../store/fool-store.js';
import { cancelLive } from './job-cancel.js';
import type { ModelService } from './model-service.js';
import { jobFailure } from './redact-paths.js';

/** One fool progress event: after every iteration and at every status change. */
export interface FoolProgressEvent {
  readonly foolId: string;
  readonly status: FoolStatus;
  readonly iteration: number;
  readonly budget: number;
  /** Best confidence so far (null before the first iteration or after a failure). */
  readonly confidence: number | null;
}

/** Fool jobs: recorded, run on the queue, progress published, the found PNG in the artifacts folder. */
export class FoolService {
  private readonly live = new Map<string, JobHandle<FoolJobResult>>();
  /** Its own topic, so the shared audit/explain pubsub stays as it is. */
  readonly pubsub = createPubSub<{ foolProgress: [foolId: string, event: FoolProgressEvent] }>();

  constructor(
    private readonly store: FoolStore,
    private readonly queue: JobQueue,
    readonly artifactsDir: string,
    private readonly models: ModelService,
    private readonly limits: JobLimits = DEFAULT_JOB_LIMITS,
  ) {}

  get(id: string): FoolRecord {
    const record = this.store.get(id);
    if (!record) throw coded('FOOL_NOT_FOUND', `no fool search with id "${id}"`);
    return record;
  }

  /** @throws JOB_TOO_LARGE when budget × candidates × model input values are over the server's limit */
  async start(job: Omit<FoolJob, 'kind' | 'foolId' | 'artifactsDir'>): Promise<FoolRecord> {
    const input = modelInput(await this.models.preset(await this.models.entry(job.model)));
    checkWork(
      this.limits,
      'maxFoolValues',
      job.budget * foolCandidates(job.method) * input.size +
        noiseReplayWork(job.noise.rng, job.index, input.size),
      `this fool search (budget × ${foolCandidates(job.method)} candidates per iteration × model input values, plus the numpy-rng noise it replays)`,
      job.method === 'gradient' ? 'give a smaller budget' : 'give a smaller budget or method GRADIENT',
    );
    const id = randomUUID();
    this.store.insert(id, {
      model: job.model,
      target: job.target,
      method: job.method ?? null,
      budget: job.budget,
    });
    let running = false;
    const publish = (status: FoolStatus, iteration: number, confidence: number | null) =>
      this.pubsub.publish('foolProgress', id, {
        foolId: id,
        status,
        iteration,
        budget: job.budget,
        confidence,
      });
    const handle = this.queue.submit(
      { ...job, kind: 'fool', foolId: id, artifactsDir: this.artifactsDir },
      (event) => {
        if (!running) {
          running = true;
          this.store.setStatus(id, 'RUNNING');
        }
        publish('RUNNING', event.iteration, event.confidence);
      },
    );
    this.live.set(id, handle);
    handle.result.then(
      (result) => {
        this.live.delete(id);
        this.store.finish(id, 'SUCCEEDED', result, null);
        publish('SUCCEEDED', result.iterations, result.confidence);
      },
      (error: unknown) => {
        this.live.delete(id);
        const cancelled = isSnowblindError(error, 'CANCELLED');
        this.store.finish(
          id,
          cancelled ? 'CANCELLED' : 'FAILED',
          null,
          jobFailure(error, this.models.folders(), 'the search failed unexpectedly'),
        );
        publish(cancelled ? 'CANCELLED' : 'FAILED', 0, null);
      },
    );
    return this.get(id);
  }

  /** Cancel a queued or running search; answers once it is `CANCELLED`. */
  async cancel(id: string): Promise<FoolRecord> {
    const record = this.get(id);
    await cancelLive(this.live.get(id), 'fool search', id, record.status, this.limits.cancelGraceMs);
    return this.get(id);
  }
}
