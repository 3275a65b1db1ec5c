import type { ApiError } from './api-errors.js';

/** A failed request told in words that are true for it: a title and, where it helps, what to do. */
export interface FailureText {
  readonly title: string;
  readonly hint: string | null;
}

/** The code {@link apiErrors} gives a request that never got an answer from the server. */
const UNREACHABLE = 'NETWORK_ERROR';

/**
 * The title of a failed request: "could not reach the server" when it never got an answer
 * (the server stopped, the network dropped), so nothing was refused; otherwise `refused`, the
 * server's answer to this input (its errors carry their codes).
 */
export function describeFailure(errors: readonly ApiError[], refused: string, retry: string): FailureText {
  if (errors.some((e) => e.code === UNREACHABLE)) {
    return {
      title: 'Could not reach the server',
      hint: `No answer came back. Check that the snowblind server is running (snowblind serve) and reachable, then ${retry} again.`,
    };
  }
  return { title: refused, hint: null };
}
