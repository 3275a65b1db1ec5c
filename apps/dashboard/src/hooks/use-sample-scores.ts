import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { SAMPLE_SCORES_QUERY } from '../graphql/samples.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';

/** Most images per run read for the histogram; the API has no server-side histogram. */
export const HISTOGRAM_SAMPLE_CAP = 5000;
const PAGE = 1000;

/**
 * Top-1 confidences of the first `min(count, cap)` images of every run, read page by page.
 * @returns scores by run index (null while loading)
 */
export function useSampleScores(
  auditId: string,
  count: number,
  cap = HISTOGRAM_SAMPLE_CAP,
): { scores: Map<number, number[]> | null; errors: ApiError[] } {
  const client = useClient();
  const [scores, setScores] = useState<Map<number, number[]> | null>(null);
  const [errors, setErrors] = useState<ApiError[]>([]);
  useEffect(() => {
    let stale = false;
    setScores(null);
    (async () => {
      const out = new Map<number, number[]>();
      const total = Math.min(count, cap);
      for (let offset = 0; offset < total; offset += PAGE) {
        const r = await client
          .query<{ audit: { runs: { index: number; samples: { score: number }[] }[] } }>(
            SAMPLE_SCORES_QUERY,
            {
              id: auditId,
              offset,
              limit: Math.min(PAGE, total - offset),
            },
          )
          .toPromise();
        if (stale) return;
        if (r.error || !r.data) {
          setErrors(apiErrors(r.error));
          return;
        }
        for (const run of r.data.audit.runs) {
          const list = out.get(run.index) ?? [];
          for (const s of run.samples) list.push(s.score);
          out.set(run.index, list);
        }
      }
      setScores(out);
    })();
    return () => {
      stale = true;
    };
  }, [client, auditId, count, cap]);
  return { scores, errors };
}
