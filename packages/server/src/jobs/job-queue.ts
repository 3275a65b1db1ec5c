import type { Job, JobEvent, JobOutput } from './job-types.js';

/** A submitted job. */
export interface JobHandle<R> {
  /** Resolves with the job's output; rejects with a `SnowblindError` (`CANCELLED` after {@link cancel}). */
  readonly result: Promise<R>;
  /**
   * Stop the job: a queued one never starts, a running one stops at its next check (batch,
   * step, iteration); a runner may also end it sooner (the worker pool terminates a worker that
   * does not stop within its grace period). `result` then rejects with `CANCELLED`.
   */
  cancel(): void;
}

/**
 * Where jobs run. The schema and services only see this interface, so the in-process
 * {@link WorkerPool} can be swapped for a distributed runner (e.g. BullMQ over Redis, spreading
 * audit shards by `startIndex`) without touching them.
 *
 * @remarks Contract: events of one job arrive in order and before its result settles; an
 * audit's `batch` events cover consecutive image ranges starting at `startIndex`.
 */
export interface JobQueue {
  submit<J extends Job>(job: J, onEvent: (event: JobEvent<J>) => void): JobHandle<JobOutput<J>>;
  /** Cancel everything and release the runners. */
  close(): Promise<void>;
}
