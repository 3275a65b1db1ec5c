import { coded } from '../errors.js';
import type { JobHandle } from '../jobs/job-queue.js';

/** How long a cancel mutation waits, past the pool's grace, for the job to settle. */
const SETTLE_SLACK_MS = 1000;

/**
 * Cancel a live job and wait (at most `graceMs` plus a second) until it has settled, so the
 * mutation answers with the stored `CANCELLED` status rather than the one before it.
 * @throws BAD_STATE when the job is not live (finished, or never started by this process)
 */
export async function cancelLive(
  handle: JobHandle<unknown> | undefined,
  what: string,
  id: string,
  status: string,
  graceMs: number,
): Promise<void> {
  if (!handle) {
    throw coded(
      'BAD_STATE',
      `${what} "${id}" is ${status.toLowerCase()}, not running`,
      `only queued or running ${what}s can be cancelled`,
    );
  }
  handle.cancel();
  let timer: NodeJS.Timeout | undefined;
  const settled = handle.result.then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([settled, new Promise((done) => (timer = setTimeout(done, graceMs + SETTLE_SLACK_MS)))]);
  clearTimeout(timer);
}
