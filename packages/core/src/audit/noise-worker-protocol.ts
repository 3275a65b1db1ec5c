import type { Preset } from '../image/types.js';
import type { ResolvedNoiseSpec } from '../noise/index.js';

/** Main → worker: the run that the following fills belong to. @internal */
export interface RunMessage {
  readonly type: 'run';
  readonly runId: number;
  readonly spec: ResolvedNoiseSpec;
  readonly preset: Preset;
  /** Floats per preprocessed image. */
  readonly size: number;
  /** First image index of the run and its image count. */
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
}

/** Main → worker: fill batch `job` (images start + job·batchSize …) into `buffer`. @internal */
export interface FillMessage {
  readonly type: 'fill';
  readonly runId: number;
  readonly job: number;
  /** Transferred; it comes back in the reply. */
  readonly buffer: ArrayBuffer;
}

/** Worker → main. @internal */
export type WorkerReply =
  | {
      readonly type: 'filled';
      readonly runId: number;
      readonly job: number;
      readonly buffer: ArrayBuffer;
      /** Images written (the last batch may be short). */
      readonly n: number;
      readonly noiseMs: number;
      readonly preprocessMs: number;
    }
  | { readonly type: 'error'; readonly code: string; readonly message: string };
