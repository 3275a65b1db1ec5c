import { useCallback, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  CANCEL_FOOL_MUTATION,
  FOOL_MUTATION,
  FOOL_PROGRESS_SUBSCRIPTION,
  FOOL_RESULT_QUERY,
} from '../graphql/fool.js';
import { type FoolProgress, type FoolSearch, TERMINAL_STATUSES } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';

/** `FoolInput` as the dashboard sends it. */
export type FoolInput = Record<string, unknown>;

/**
 * One fool search: the `fool` mutation queues it, `foolProgress` streams the best confidence per
 * iteration (kept, for the live curve), and `foolResult` is read once it ended.
 */
export function useFool(): {
  start: (input: FoolInput) => Promise<void>;
  cancel: () => Promise<void>;
  /** Progress events of the current search, oldest first. */
  events: FoolProgress[];
  result: FoolSearch | null;
  running: boolean;
  cancelling: boolean;
  errors: ApiError[];
} {
  const [id, setId] = useState<string | null>(null);
  const [actionErrors, setActionErrors] = useState<ApiError[]>([]);
  const [{ fetching: starting }, fool] = useMutation<{ fool: FoolSearch }>(FOOL_MUTATION);
  const [{ fetching: cancelling }, cancelFool] = useMutation(CANCEL_FOOL_MUTATION);
  const [{ data: streamed, error: streamError }] = useSubscription<
    { foolProgress: FoolProgress },
    FoolProgress[],
    { id: string | null }
  >({ query: FOOL_PROGRESS_SUBSCRIPTION, variables: { id }, pause: id === null }, (previous = [], event) => [
    ...previous.filter((e) => e.foolId === event.foolProgress.foolId),
    event.foolProgress,
  ]);
  const events = streamed?.filter((e) => e.foolId === id) ?? [];
  const last = events[events.length - 1];
  const ended = last !== undefined && TERMINAL_STATUSES.has(last.status);
  const [{ data, error: queryError }] = useQuery<{ foolResult: FoolSearch }>({
    query: FOOL_RESULT_QUERY,
    variables: { id },
    pause: !ended,
    requestPolicy: 'network-only',
  });

  const start = useCallback(
    async (input: FoolInput) => {
      setId(null);
      const r = await fool({ input });
      setActionErrors(apiErrors(r.error));
      if (r.data) setId(r.data.fool.id);
    },
    [fool],
  );
  const cancel = useCallback(async () => {
    if (id === null) return;
    const r = await cancelFool({ id });
    setActionErrors(apiErrors(r.error));
  }, [cancelFool, id]);

  const result = ended && data?.foolResult.id === id ? data.foolResult : null;
  return {
    start,
    cancel,
    events,
    result,
    running: starting || (id !== null && !result && actionErrors.length === 0 && !streamError),
    cancelling,
    errors: [...actionErrors, ...apiErrors(streamError), ...apiErrors(queryError)],
  };
}
