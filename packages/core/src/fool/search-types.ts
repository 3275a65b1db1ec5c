import type { NoiseParams } from '../noise/types.js';
import type { FoolStopReason } from './types.js';

/** What every search needs besides its own knobs. @internal */
export interface SearchSettings {
  readonly target: number | 'any';
  /** Iterations (gradient steps or generations). */
  readonly budget: number;
  /** Stop once the target's softmax reaches this. */
  readonly goal: number;
  /** Throws `CANCELLED` when the caller aborted. */
  checkAborted(): void;
  /** After every iteration: best confidence so far and its class. */
  onIteration(iteration: number, bestConfidence: number, target: number): void;
}

/** What a search returns: its best point, before it is turned into bytes. @internal */
export interface SearchOutcome {
  /** Pixel values (continuous for the pixel searches, whole bytes for `noise-params`). */
  readonly best: Float64Array;
  /** The class `best` was pushed toward. */
  readonly target: number;
  /** Target confidence per iteration, 0 = start. */
  readonly curve: readonly number[];
  readonly iterations: number;
  readonly evaluations: number;
  readonly stopReason: FoolStopReason;
  /** For `noise-params`: the parameters of `best`. */
  readonly params?: NoiseParams;
}
