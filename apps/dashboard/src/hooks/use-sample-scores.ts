import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { SAMPLE_SCORES_QUERY } from '../graphql/samples.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';

/** Most images per run read for the histogram; the API has no server-side histogram. */
export const HISTOGRAM_SAMPLE_CAP = 5000;
/** Query complexity spent per page (the server allows 50,000; a sample costs about 3 per run). */
const PAGE_BUDGET = 30_000;

/**
 * Top-1 confidences of the first `min(count, cap)` images of each of `runs` runs, read page by page.
 * @returns scores by run index (null while loading)
 */
export function useSampleScores(
  auditId: string,
  count: number,
  runs: number,
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
      // Every page reads all runs at once: fewer images per page when there are many runs.
      const page = Math.max(1, Math.min(1000, Math.floor(PAGE_BUDGET / (3 * Math.max(1, runs)))));
      for (let offset = 0; offset < total; offset += page) {
        const r = await client
          .query<{ audit: { runs: { index: number; samples: { score: number }[] }[] } }>(
            SAMPLE_SCORES_QUERY,
            {
              id: auditId,
              offset,
              limit: Math.min(page, total - offset),
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
  }, [client, auditId, count, runs, cap]);
  return { scores, errors };
}
