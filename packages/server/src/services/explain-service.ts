import { randomUUID } from 'node:crypto';
import { isSnowblindError } from '@snowblind/core';
import { coded } from '../errors.js';
import type { JobHandle, JobQueue } from '../jobs/job-queue.js';
import type { ExplainJob } from '../jobs/job-types.js';
import type { ExplainStore, ExplanationRecord, ExplanationResult } from '../store/explain-store.js';
import type { ProgressPubSub } from './pubsub.js';

/** Attribution jobs: recorded, run on the queue, progress published, PNGs in the artifacts folder. */
export class ExplainService {
  private readonly live = new Map<string, JobHandle<ExplanationResult>>();

  constructor(
    private readonly store: ExplainStore,
    private readonly queue: JobQueue,
    private readonly pubsub: ProgressPubSub,
    readonly artifactsDir: string,
  ) {}

  get(id: string): ExplanationRecord {
    const record = this.store.get(id);
    if (!record) throw coded('EXPLANATION_NOT_FOUND', `no explanation with id "${id}"`);
    return record;
  }

  start(job: Omit<ExplainJob, 'kind' | 'explanationId' | 'artifactsDir'>): ExplanationRecord {
    const id = randomUUID();
    this.store.insert(id, { model: job.model, method: job.method });
    let running = false;
    const handle = this.queue.submit(
      { ...job, kind: 'explain', explanationId: id, artifactsDir: this.artifactsDir },
      (event) => {
        if (!running) {
          running = true;
          this.store.setStatus(id, 'RUNNING');
        }
        this.pubsub.publish('explainProgress', id, {
          explanationId: id,
          status: 'RUNNING',
          done: event.done,
          total: event.total,
        });
      },
    );
    this.live.set(id, handle);
    handle.result.then(
      (result) => {
        this.live.delete(id);
        this.store.finish(id, 'SUCCEEDED', result, null);
        this.pubsub.publish('explainProgress', id, {
          explanationId: id,
          status: 'SUCCEEDED',
          done: 1,
          total: 1,
        });
      },
      (error: unknown) => {
        this.live.delete(id);
        const cancelled = isSnowblindError(error, 'CANCELLED');
        this.store.finish(id, cancelled ? 'CANCELLED' : 'FAILED', null, {
          code: isSnowblindError(error) ? error.code : 'INTERNAL',
          message: isSnowblindError(error) ? error.message : 'the attribution failed unexpectedly',
        });
        this.pubsub.publish('explainProgress', id, {
          explanationId: id,
          status: cancelled ? 'CANCELLED' : 'FAILED',
          done: 0,
          total: 1,
        });
      },
    );
    return this.get(id);
  }
}
