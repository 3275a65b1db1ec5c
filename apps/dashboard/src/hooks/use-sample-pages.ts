import { useCallback, useRef, useState } from 'react';
import { useClient } from 'urql';
import { SAMPLE_PAGE_QUERY } from '../graphql/samples.js';
import type { Sample } from '../graphql/types.js';

/** Samples per request of the grid. */
export const SAMPLE_PAGE_SIZE = 120;

type PageData = Map<number, Sample[]>; // run index → samples of the page

/**
 * Pages of samples (every run at once) fetched on demand as the grid scrolls.
 * `ensure(first, last)` asks for the pages covering image indices first..last.
 */
export function useSamplePages(auditId: string): {
  sample: (run: number, index: number) => Sample | undefined;
  ensure: (first: number, last: number) => void;
} {
  const client = useClient();
  const pages = useRef(new Map<number, PageData | 'loading'>());
  const [, setVersion] = useState(0);

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / SAMPLE_PAGE_SIZE); p <= Math.floor(last / SAMPLE_PAGE_SIZE); p++) {
        if (pages.current.has(p)) continue;
        pages.current.set(p, 'loading');
        client
          .query<{ audit: { runs: { index: number; samples: Sample[] }[] } }>(SAMPLE_PAGE_QUERY, {
            id: auditId,
            offset: p * SAMPLE_PAGE_SIZE,
            limit: SAMPLE_PAGE_SIZE,
          })
          .toPromise()
          .then((r) => {
            if (!r.data) {
              pages.current.delete(p); // let a later scroll retry
              return;
            }
            pages.current.set(p, new Map(r.data.audit.runs.map((run) => [run.index, run.samples])));
            setVersion((v) => v + 1);
          });
      }
    },
    [client, auditId],
  );

  const sample = useCallback((run: number, index: number) => {
    const page = pages.current.get(Math.floor(index / SAMPLE_PAGE_SIZE));
    if (!page || page === 'loading') return undefined;
    return page.get(run)?.[index % SAMPLE_PAGE_SIZE];
  }, []);

  return { sample, ensure };
}
