/** Elapsed time and estimated time left of a job, in seconds. */
export interface ProgressTiming {
  /** Seconds since the job started running (not since it was queued); null while queued. */
  readonly elapsedSeconds: number | null;
  /** Seconds left at the rate since the job's first report; null until a unit is done. */
  readonly etaSeconds: number | null;
}

/**
 * The clock of one job that reports units done out of a total (IG steps, occlusion windows):
 * elapsed time from the job's own start, so a wait in the queue is not counted, and an ETA from
 * the rate since its first report (a job reports `done: 0` once its model is loaded, so loading
 * does not slow the rate down).
 */
export class ProgressClock {
  private startedAt: number | undefined;
  private first: { readonly at: number; readonly done: number } | undefined;

  /** @param now - milliseconds on a monotonic clock (tests pass their own) */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The job started running; later calls keep the first start. */
  start(): void {
    this.startedAt ??= this.now();
  }

  /** Record a report of `done` units (starting the clock if the job did not say it started). */
  report(done: number): void {
    this.start();
    this.first ??= { at: this.now(), done };
  }

  /** Elapsed and ETA now, for a job at `done` of `total` units. */
  timing(done: number, total: number): ProgressTiming {
    if (this.startedAt === undefined) return { elapsedSeconds: null, etaSeconds: null };
    const now = this.now();
    const elapsedSeconds = (now - this.startedAt) / 1000;
    const first = this.first;
    if (!first || done <= first.done) return { elapsedSeconds, etaSeconds: null };
    const secondsPerUnit = (now - first.at) / 1000 / (done - first.done);
    return { elapsedSeconds, etaSeconds: Math.max(0, total - done) * secondsPerUnit };
  }
}
