import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { SAMPLE_SUMMARIES_QUERY } from '../graphql/samples.js';
import type { ApiError } from '../lib/api-errors.js';
import { readSamplePages } from '../lib/read-sample-pages.js';
import type { SampleSummary } from '../lib/sample-order.js';

/**
 * Most images per run the grid sorts and filters (label and confidence only, about 40 bytes
 * each); the API cannot sort, so a larger run is sorted over its first this many, and says so.
 */
export const SORTABLE_SAMPLE_CAP = 20_000;

/** The grid's sort and filter input while it loads: how far it got. */
export interface SampleSummaries {
  /** By run index; null until every page is read. */
  readonly runs: Map<number, SampleSummary[]> | null;
  /** Images per run read so far, and how many will be. */
  readonly loaded: number;
  readonly total: number;
  readonly errors: ApiError[];
}

/** Label and confidence of the first `min(count, cap)` images of every run, read in pages. */
export function useSampleSummaries(
  auditId: string,
  count: number,
  runs: number,
  cap = SORTABLE_SAMPLE_CAP,
): SampleSummaries {
  const client = useClient();
  const total = Math.min(count, cap);
  const [state, setState] = useState<Omit<SampleSummaries, 'total'>>({ runs: null, loaded: 0, errors: [] });
  useEffect(() => {
    let stale = false;
    setState({ runs: null, loaded: 0, errors: [] });
    (async () => {
      const read = await readSamplePages<SampleSummary>(client, SAMPLE_SUMMARIES_QUERY, {
        auditId,
        total,
        runs,
        costPerSample: 4,
        onProgress: (loaded) => {
          if (!stale) setState((s) => ({ ...s, loaded }));
        },
        stale: () => stale,
      });
      if (read === null) return;
      setState((s) => ('errors' in read ? { ...s, errors: read.errors } : { ...s, runs: read.runs }));
    })();
    return () => {
      stale = true;
    };
  }, [client, auditId, total, runs]);
  return { ...state, total };
}
