import type { CombinedError } from 'urql';

/** One error as the API reported it: its stable `extensions.code` and message. */
export interface ApiError {
  readonly code: string;
  readonly message: string;
}

/**
 * The errors of a failed operation, each with the API's `extensions.code` (`BAD_INPUT`,
 * `MODEL_NOT_FOUND`, …), or `NETWORK_ERROR` when the server could not be reached.
 */
export function apiErrors(error: CombinedError | undefined | null): ApiError[] {
  if (!error) return [];
  const out: ApiError[] = error.graphQLErrors.map((e) => ({
    code: typeof e.extensions?.['code'] === 'string' ? (e.extensions['code'] as string) : 'ERROR',
    message: e.message,
  }));
  if (error.networkError) out.push({ code: 'NETWORK_ERROR', message: error.networkError.message });
  if (out.length === 0) out.push({ code: 'ERROR', message: error.message });
  return out;
}
