/** Where the time of one (model, noise spec) run went, in milliseconds. */
export interface AuditTimings {
  /** Generating noise images. Shared by the models of one preset group: counted for each. */
  readonly noiseMs: number;
  /** Resize / crop / normalize into the batch buffer. Shared like `noiseMs`. */
  readonly preprocessMs: number;
  /** `model.predict`. */
  readonly inferenceMs: number;
  /** softmax, top-k and the streaming statistics. */
  readonly aggregationMs: number;
  /** Wall time from the start of the run to its last batch. */
  readonly totalMs: number;
  /** `count / totalMs`, in images per second. */
  readonly imagesPerSecond: number;
}

/** Mutable timing totals of a run in progress. @internal */
export class TimingTotals {
  noiseMs = 0;
  preprocessMs = 0;
  inferenceMs = 0;
  aggregationMs = 0;
  readonly #startedAt: number;
  #lastAt: number;

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
    this.#lastAt = startedAt;
  }

  /** Marks the end of a batch, for `totalMs`. */
  mark(now: number): void {
    this.#lastAt = now;
  }

  /** Milliseconds since the run started, as of the last {@link TimingTotals.mark}. */
  get elapsedMs(): number {
    return this.#lastAt - this.#startedAt;
  }

  result(count: number): AuditTimings {
    const totalMs = this.elapsedMs;
    return {
      noiseMs: this.noiseMs,
      preprocessMs: this.preprocessMs,
      inferenceMs: this.inferenceMs,
      aggregationMs: this.aggregationMs,
      totalMs,
      imagesPerSecond: totalMs > 0 ? (count * 1000) / totalMs : 0,
    };
  }
}
