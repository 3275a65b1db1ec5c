import { useCallback, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import {
  ATTRIBUTION_PROGRESS_SUBSCRIPTION,
  EXPLAIN_MUTATION,
  EXPLANATION_QUERY,
} from '../graphql/explain.js';
import { type Explanation, TERMINAL_STATUSES } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import type { AttributionProgress } from '../lib/attribution-progress.js';

/** An event as the server sends it (the dashboard adds when it arrived). */
type ProgressEvent = Omit<AttributionProgress, 'receivedAt'>;

/** `ExplainInput` as the dashboard sends it (source: a sample of an audit, or an uploaded File). */
export type ExplainInput = Record<string, unknown>;

/**
 * Run one attribution: the `explain` mutation queues it, `attributionProgress` follows it over
 * SSE, and the explanation (heat map URLs) is read once it ended.
 */
export function useExplanation(): {
  run: (input: ExplainInput) => Promise<void>;
  explanation: Explanation | null;
  progress: AttributionProgress | null;
  running: boolean;
  errors: ApiError[];
} {
  const [id, setId] = useState<string | null>(null);
  const [mutationErrors, setMutationErrors] = useState<ApiError[]>([]);
  const [{ fetching: starting }, explain] = useMutation<{ explain: Explanation }>(EXPLAIN_MUTATION);
  const [{ data: progress, error: subError }] = useSubscription<
    { attributionProgress: ProgressEvent },
    AttributionProgress
  >({ query: ATTRIBUTION_PROGRESS_SUBSCRIPTION, variables: { id }, pause: id === null }, (_prev, event) => ({
    ...event.attributionProgress,
    receivedAt: performance.now(),
  }));
  const ended =
    progress !== undefined && progress.explanationId === id && TERMINAL_STATUSES.has(progress.status);
  const [{ data, error: queryError }] = useQuery<{ explanation: Explanation }>({
    query: EXPLANATION_QUERY,
    variables: { id },
    pause: !ended,
    requestPolicy: 'network-only',
  });

  const run = useCallback(
    async (input: ExplainInput) => {
      setId(null);
      const r = await explain({ input });
      setMutationErrors(apiErrors(r.error));
      if (r.data) setId(r.data.explain.id);
    },
    [explain],
  );

  const explanation = ended && data?.explanation.id === id ? data.explanation : null;
  return {
    run,
    explanation,
    progress: progress && progress.explanationId === id ? progress : null,
    running: starting || (id !== null && !explanation && mutationErrors.length === 0 && !subError),
    errors: [...mutationErrors, ...apiErrors(subError), ...apiErrors(queryError)],
  };
}
