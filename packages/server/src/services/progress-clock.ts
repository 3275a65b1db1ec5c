/** Elapsed time and estimated time left of a job, in seconds. */
export interface ProgressTiming {
  /** Seconds since the job started running (not since it was queued); null while queued. */
  readonly elapsedSeconds: number | null;
  /** Seconds left at the rate since the job's first report; null until a unit is done. */
  readonly etaSeconds: number | null;
}

/**
 * The clock of one job that reports units done out of a total (IG steps, occlusion windows,
 * audit images): elapsed time from the job's own start, so a wait in the queue is not counted,
 * and a rate and ETA since its first report (a job reports once its model is loaded, so loading
 * does not slow the rate down; a resumed audit reports the images it already had).
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

  /** Units per second since the first report, for a job now at `done`; 0 until one is done. */
  rate(done: number): number {
    const first = this.first;
    if (!first || done <= first.done) return 0;
    const seconds = (this.now() - first.at) / 1000;
    return seconds > 0 ? (done - first.done) / seconds : 0;
  }

  /** Elapsed and ETA now, for a job at `done` of `total` units. */
  timing(done: number, total: number): ProgressTiming {
    if (this.startedAt === undefined) return { elapsedSeconds: null, etaSeconds: null };
    const elapsedSeconds = (this.now() - this.startedAt) / 1000;
    const rate = this.rate(done);
    return { elapsedSeconds, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null };
  }
}
