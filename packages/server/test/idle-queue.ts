import { SnowblindError } from '@snowblind/core';
import type { JobQueue } from '../src/jobs/job-queue.js';
import type { Job } from '../src/jobs/job-types.js';

/**
 * A job queue that accepts every job (telling `onSubmit`) and never runs it: for tests of what
 * happens before a job runs. Cancelling a job rejects its result with `CANCELLED`.
 */
export function idleQueue(onSubmit: (job: Job) => void = () => {}): JobQueue {
  return {
    submit: (job) => {
      onSubmit(job);
      let cancel!: () => void;
      const result = new Promise<never>((_, reject) => {
        cancel = () => reject(new SnowblindError('CANCELLED', 'cancelled'));
      });
      result.catch(() => undefined);
      return { result, cancel: () => cancel() };
    },
    close: async () => {},
  };
}
