import type { AuditStatus } from '../graphql/types.js';

/** An audit as the list query gives it: its images per run and, when known, how many are done. */
export interface ImagesDoneOf {
  readonly status: AuditStatus;
  readonly count: number;
  readonly processed?: number;
}

/**
 * Images done of all for an audit that has not done them all (running, cancelled, failed,
 * interrupted: "864 of 3,000"); the count alone for one that has.
 */
export function imagesDone(a: ImagesDoneOf): string {
  const all = a.count.toLocaleString('en');
  const unfinished = a.status !== 'SUCCEEDED' && a.processed !== undefined && a.processed < a.count;
  return unfinished ? `${a.processed!.toLocaleString('en')} of ${all}` : all;
}
