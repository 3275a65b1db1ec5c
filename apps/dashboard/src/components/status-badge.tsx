import type { AuditStatus } from '../graphql/types.js';

/** A job status as a coloured badge with the status in words (colour is never the only cue). */
export function StatusBadge({ status }: { status: AuditStatus }) {
  return <span className={`status status-${status.toLowerCase()}`}>{status.toLowerCase()}</span>;
}
