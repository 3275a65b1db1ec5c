import type { Job, RegistryLocation } from './job-types.js';

/** Main thread → worker. */
export type ToWorker =
  | { readonly type: 'run'; readonly jobId: number; readonly job: Job; readonly location: RegistryLocation }
  | { readonly type: 'cancel'; readonly jobId: number };

/** A job error as it crosses the thread boundary. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** Worker → main thread. */
export type FromWorker =
  | { readonly type: 'event'; readonly jobId: number; readonly event: unknown }
  | { readonly type: 'done'; readonly jobId: number; readonly output: unknown }
  | { readonly type: 'error'; readonly jobId: number; readonly error: WireError };
