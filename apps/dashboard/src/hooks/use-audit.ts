import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { AUDIT_QUERY } from '../graphql/audits.js';
import { type Audit, type AuditProgress, TERMINAL_STATUSES } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { useAuditProgress } from './use-audit-progress.js';
import { useConnection, useOnReconnect } from './use-connection.js';

/** Thresholds of the "fraction above" table. @defaultValue the API's 0.5, 0.9, 0.99 */
export const DEFAULT_THRESHOLDS = [0.5, 0.9, 0.99];

/**
 * An audit with its results, kept live: while it runs, progress comes from the subscription,
 * and the results are read again once the subscription reports a terminal status. While it
 * runs a heartbeat checks the server; `lostAt` says since when it has not answered (the
 * progress is then only its last report), and when it answers again the audit is read anew
 * (a restarted server has marked it interrupted) and the stream reopened.
 */
export function useAudit(
  id: string,
  thresholds: readonly number[] = DEFAULT_THRESHOLDS,
): {
  audit: Audit | null;
  progress: AuditProgress | null;
  fetching: boolean;
  errors: ApiError[];
  refetch: () => void;
  lostAt: number | null;
} {
  const [{ data, fetching, error }, reexecute] = useQuery<{ audit: Audit }>({
    query: AUDIT_QUERY,
    variables: { id, thresholds },
    requestPolicy: 'cache-and-network',
  });
  const audit = data?.audit ?? null;
  const live = audit !== null && !TERMINAL_STATUSES.has(audit.status);
  const { progress: event, errors: subscriptionErrors, resubscribe } = useAuditProgress(id, !live);
  const { lostAt } = useConnection(live);
  useOnReconnect(() => {
    reexecute({ requestPolicy: 'network-only' });
    if (live) resubscribe();
  });
  const refetched = useRef<string | null>(null);
  const ended = event !== null && TERMINAL_STATUSES.has(event.status);

  useEffect(() => {
    if (ended && refetched.current !== `${id}:${event?.status}`) {
      refetched.current = `${id}:${event?.status}`;
      reexecute({ requestPolicy: 'network-only' });
    }
  }, [ended, id, event?.status, reexecute]);

  const progress = live && event ? event : (audit?.progress ?? event);
  return {
    audit,
    progress,
    fetching,
    errors: [...apiErrors(error), ...subscriptionErrors],
    refetch: () => reexecute({ requestPolicy: 'network-only' }),
    lostAt,
  };
}
