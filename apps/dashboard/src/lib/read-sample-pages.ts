import type { Client, DocumentInput } from 'urql';
import { type ApiError, apiErrors } from './api-errors.js';

/** Query complexity spent per page (the server allows 50,000). */
const PAGE_BUDGET = 30_000;

/** What to read: the first `total` samples of every one of `runs` runs of an audit. */
export interface SamplePagesRequest {
  readonly auditId: string;
  readonly total: number;
  readonly runs: number;
  /** Query complexity of one sample of one run (about one per field, plus the list). */
  readonly costPerSample: number;
  /** Told how many images per run are read so far. */
  readonly onProgress?: (loaded: number) => void;
  /** True once the caller no longer wants the result: reading stops. */
  readonly stale: () => boolean;
}

/**
 * Read the first `total` samples of each run, page by page, with `query` (variables `id`,
 * `offset`, `limit`; it selects `audit { runs { index samples(offset, limit) { … } } }`).
 * Every page reads all runs at once, so there are fewer images per page when there are many runs.
 *
 * @returns the samples by run index, the API's errors, or null when the caller went stale
 */
export async function readSamplePages<S>(
  client: Client,
  query: DocumentInput,
  request: SamplePagesRequest,
): Promise<{ runs: Map<number, S[]> } | { errors: ApiError[] } | null> {
  const { auditId, total, runs, costPerSample } = request;
  const page = Math.max(1, Math.min(1000, Math.floor(PAGE_BUDGET / (costPerSample * Math.max(1, runs)))));
  const out = new Map<number, S[]>();
  for (let offset = 0; offset < total; offset += page) {
    const r = await client
      .query<{ audit: { runs: { index: number; samples: S[] }[] } }>(query, {
        id: auditId,
        offset,
        limit: Math.min(page, total - offset),
      })
      .toPromise();
    if (request.stale()) return null;
    if (r.error || !r.data) return { errors: apiErrors(r.error) };
    for (const run of r.data.audit.runs) {
      const list = out.get(run.index) ?? [];
      list.push(...run.samples);
      out.set(run.index, list);
    }
    request.onProgress?.(Math.min(total, offset + page));
  }
  return { runs: out };
}
