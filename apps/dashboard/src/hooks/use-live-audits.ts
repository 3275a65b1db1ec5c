import { useEffect, useMemo, useRef } from 'react';
import { useQuery, useSubscription } from 'urql';
import { AUDITS_CHANGED_SUBSCRIPTION, AUDITS_QUERY } from '../graphql/audits.js';
import type { AuditStatus } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { useOnReconnect } from './use-connection.js';

/** A row of the audit list: images done per run, from the list query, then from its events. */
export interface AuditRow {
  id: string;
  status: AuditStatus;
  count: number;
  models: string[];
  createdAt: string;
  noise: { kind: string; seed: number }[];
  processed?: number;
}

/** An audit as the list query returns it. */
type ListedAudit = Omit<AuditRow, 'processed'> & { progress?: { processed: number } | null };

interface ChangeEvent {
  auditId: string;
  status: AuditStatus;
  processed: number;
  total: number;
}

/**
 * The newest `first` audits, kept current by the `auditsChanged` subscription: one SSE stream
 * for the whole list (one stream per running audit would soon use up the browser's six
 * HTTP/1.1 connections per origin). An event for a listed audit updates its status and
 * progress in place, without a request; an event for an audit the list does not have (started
 * in another tab or from the CLI) refetches the list once.
 */
export function useLiveAudits(first = 50): {
  audits: AuditRow[] | null;
  fetching: boolean;
  errors: ApiError[];
} {
  const [{ data, fetching, error }, refetch] = useQuery<{ audits: { edges: { node: ListedAudit }[] } }>({
    query: AUDITS_QUERY,
    variables: { first },
    requestPolicy: 'cache-and-network',
  });
  const [{ data: latest, error: streamError }, resubscribe] = useSubscription<
    { auditsChanged: ChangeEvent },
    Record<string, ChangeEvent>
  >({ query: AUDITS_CHANGED_SUBSCRIPTION }, (previous = {}, event) => ({
    ...previous,
    [event.auditsChanged.auditId]: event.auditsChanged,
  }));
  // Back from a server outage: read the list again and reopen the stream.
  useOnReconnect(() => {
    refetch({ requestPolicy: 'network-only' });
    resubscribe();
  });
  const listed = useMemo(
    () =>
      data?.audits.edges.map(
        ({ node: { progress, ...a } }): AuditRow => (progress ? { ...a, processed: progress.processed } : a),
      ) ?? null,
    [data],
  );
  const refetchedFor = useRef(new Set<string>());
  useEffect(() => {
    if (!listed || !latest) return;
    const known = new Set(listed.map((a) => a.id));
    const unknown = Object.keys(latest).filter((id) => !known.has(id) && !refetchedFor.current.has(id));
    if (unknown.length === 0) return;
    for (const id of unknown) refetchedFor.current.add(id);
    refetch({ requestPolicy: 'network-only' });
  }, [listed, latest, refetch]);
  const audits = useMemo(
    () =>
      listed?.map((a) => {
        const event = latest?.[a.id];
        return event ? { ...a, status: event.status, processed: event.processed } : a;
      }) ?? null,
    [listed, latest],
  );
  return { audits, fetching, errors: [...apiErrors(error), ...apiErrors(streamError)] };
}
