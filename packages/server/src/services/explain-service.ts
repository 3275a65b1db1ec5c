import { randomUUID } from 'node:crypto';
import { isSnowblindError, validateNoiseSpec } from '@snowblind/core';
import { coded } from '../errors.js';
import { checkWork, DEFAULT_JOB_LIMITS, type JobLimits } from '../jobs/job-limits.js';
import type { JobHandle, JobQueue } from '../jobs/job-queue.js';
import type { ExplainJob } from '../jobs/job-types.js';
import { explainPasses, modelInput, noiseReplayWork, noiseValues } from '../jobs/job-work.js';
import type { ExplainStore, ExplanationRecord, ExplanationResult } from '../store/explain-store.js';
import { cancelLive } from './job-cancel.js';
import type { ModelService } from './model-service.js';
import type { ProgressPubSub } from './pubsub.js';
import { jobFailure } from './redact-paths.js';

/** Values drawn only to reach the explained noise image: none for uploaded bytes. */
function sourceWork(image: ExplainJob['image']): number {
  if (image.kind !== 'noise') return 0;
  const spec = validateNoiseSpec(image.spec);
  return noiseReplayWork(spec.rng, image.index, noiseValues(spec));
}

/** Attribution jobs: recorded, run on the queue, progress published, PNGs in the artifacts folder. */
export class ExplainService {
  private readonly live = new Map<string, JobHandle<ExplanationResult>>();

  constructor(
    private readonly store: ExplainStore,
    private readonly queue: JobQueue,
    private readonly pubsub: ProgressPubSub,
    readonly artifactsDir: string,
    private readonly models: ModelService,
    private readonly limits: JobLimits = DEFAULT_JOB_LIMITS,
  ) {}

  get(id: string): ExplanationRecord {
    const record = this.store.get(id);
    if (!record) throw coded('EXPLANATION_NOT_FOUND', `no explanation with id "${id}"`);
    return record;
  }

  /** @throws JOB_TOO_LARGE when model passes × model input values are over the server's limit */
  async start(job: Omit<ExplainJob, 'kind' | 'explanationId' | 'artifactsDir'>): Promise<ExplanationRecord> {
    const input = modelInput(await this.models.preset(await this.models.entry(job.model)));
    checkWork(
      this.limits,
      'maxExplainValues',
      explainPasses(job.method, job.params, input) * input.size + sourceWork(job.image),
      'this explanation (model passes × model input values, plus the numpy-rng noise it replays)',
      'use fewer IG steps, noise-tunnel samples or occlusion windows (or a smaller index of a numpy-rng noise)',
    );
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
        this.store.finish(
          id,
          cancelled ? 'CANCELLED' : 'FAILED',
          null,
          jobFailure(error, this.models.folders(), 'the attribution failed unexpectedly'),
        );
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

  /** Cancel a queued or running explanation; answers once it is `CANCELLED`. */
  async cancel(id: string): Promise<ExplanationRecord> {
    const record = this.get(id);
    await cancelLive(this.live.get(id), 'explanation', id, record.status, this.limits.cancelGraceMs);
    return this.get(id);
  }
}
