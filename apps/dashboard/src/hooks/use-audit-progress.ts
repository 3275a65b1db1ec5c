import { useSubscription } from 'urql';
import { AUDIT_PROGRESS_SUBSCRIPTION } from '../graphql/audits.js';
import type { AuditProgress } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';

/**
 * The latest `auditProgress` event of an audit (over SSE), or null before the first one.
 * The server ends the stream after the terminal status; `pause` stops listening; `resubscribe`
 * opens the stream again (after the server came back).
 */
export function useAuditProgress(
  id: string,
  pause = false,
): { progress: AuditProgress | null; errors: ApiError[]; resubscribe: () => void } {
  const [{ data, error }, resubscribe] = useSubscription<
    { auditProgress: AuditProgress },
    AuditProgress,
    { id: string }
  >(
    { query: AUDIT_PROGRESS_SUBSCRIPTION, variables: { id }, pause },
    (_previous, event) => event.auditProgress,
  );
  return { progress: data ?? null, errors: apiErrors(error), resubscribe: () => resubscribe() };
}
