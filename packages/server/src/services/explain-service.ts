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
import { ProgressClock } from './progress-clock.js';
import type { ExplainProgressEvent, ProgressPubSub } from './pubsub.js';
import { jobFailure } from './redact-paths.js';

/** Values drawn only to reach the explained noise image: none for uploaded bytes. */
function sourceWork(image: ExplainJob['image']): number {
  if (image.kind !== 'noise') return 0;
  const spec = validateNoiseSpec(image.spec);
  return noiseReplayWork(spec.rng, image.index, noiseValues(spec));
}

/** A queued or running explanation: its job, its clock and the units it last reported. */
interface LiveExplanation {
  readonly handle: JobHandle<ExplanationResult>;
  readonly clock: ProgressClock;
  running: boolean;
  done: number;
  total: number;
}

/** Attribution jobs: recorded, run on the queue, progress published, PNGs in the artifacts folder. */
export class ExplainService {
  private readonly live = new Map<string, LiveExplanation>();

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

  /**
   * Where an explanation stands now: units done of the total it last reported (0 of 0 before its
   * first report), with elapsed time and ETA while it is live; 1 of 1 once it ended.
   */
  progress(id: string): ExplainProgressEvent {
    const { status } = this.get(id);
    const live = this.live.get(id);
    if (!live) {
      const ended = status === 'SUCCEEDED' ? 1 : 0;
      return { explanationId: id, status, done: ended, total: 1, elapsedSeconds: null, etaSeconds: null };
    }
    return {
      explanationId: id,
      status,
      done: live.done,
      total: live.total,
      ...live.clock.timing(live.done, live.total),
    };
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
    const clock = new ProgressClock();
    const handle = this.queue.submit(
      { ...job, kind: 'explain', explanationId: id, artifactsDir: this.artifactsDir },
      (event) => {
        const live = this.live.get(id);
        if (!live) return;
        if (!live.running) {
          live.running = true;
          this.store.setStatus(id, 'RUNNING');
        }
        if (event.type === 'started') clock.start();
        else {
          clock.report(event.done);
          live.done = event.done;
          live.total = event.total;
        }
        this.pubsub.publish('explainProgress', id, this.progress(id));
      },
    );
    this.live.set(id, { handle, clock, running: false, done: 0, total: 0 });
    const ended = (status: ExplanationRecord['status'], result: ExplanationResult | null, error: unknown) => {
      const live = this.live.get(id);
      this.live.delete(id);
      this.store.finish(
        id,
        status,
        result,
        error === null
          ? null
          : jobFailure(error, this.models.folders(), 'the attribution failed unexpectedly'),
      );
      // The last units reported (all of them on success), with the job's whole running time.
      const total = Math.max(1, live?.total ?? 0);
      const done = status === 'SUCCEEDED' ? total : Math.min(live?.done ?? 0, total);
      const { elapsedSeconds } = clock.timing(done, total);
      this.pubsub.publish('explainProgress', id, {
        explanationId: id,
        status,
        done,
        total,
        elapsedSeconds,
        etaSeconds: null,
      });
    };
    handle.result.then(
      (result) => ended('SUCCEEDED', result, null),
      (error: unknown) => ended(isSnowblindError(error, 'CANCELLED') ? 'CANCELLED' : 'FAILED', null, error),
    );
    return this.get(id);
  }

  /** Cancel a queued or running explanation; answers once it is `CANCELLED`. */
  async cancel(id: string): Promise<ExplanationRecord> {
    const record = this.get(id);
    await cancelLive(this.live.get(id)?.handle, 'explanation', id, record.status, this.limits.cancelGraceMs);
    return this.get(id);
  }
}
