import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { SAMPLE_SCORES_QUERY } from '../graphql/samples.js';
import type { ApiError } from '../lib/api-errors.js';
import { readSamplePages } from '../lib/read-sample-pages.js';

/** Most images per run read for the histogram; the API has no server-side histogram. */
export const HISTOGRAM_SAMPLE_CAP = 5000;

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
      const read = await readSamplePages<{ score: number }>(client, SAMPLE_SCORES_QUERY, {
        auditId,
        total: Math.min(count, cap),
        runs,
        costPerSample: 3,
        stale: () => stale,
      });
      if (read === null) return;
      if ('errors' in read) setErrors(read.errors);
      else setScores(new Map([...read.runs].map(([run, samples]) => [run, samples.map((x) => x.score)])));
    })();
    return () => {
      stale = true;
    };
  }, [client, auditId, count, runs, cap]);
  return { scores, errors };
}
