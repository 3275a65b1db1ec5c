import type { AuditStatus } from '../graphql/types.js';

/** How an audit that stopped before its end is told: neutral for the user's own cancel. */
export interface StoppedStatus {
  readonly tone: 'neutral' | 'warning';
  readonly text: string;
}

/**
 * The sentence for an audit that stopped short and can be resumed: cancelled by its user
 * (neutral: nothing went wrong) or interrupted by a server that stopped (a warning). Null for
 * every other status; a failure is an error and shown with its code.
 * `processed` and `count` are images per run, as the progress bar counts them.
 */
export function stoppedStatus(status: AuditStatus, processed: number, count: number): StoppedStatus | null {
  const at = `${processed.toLocaleString('en')} of ${count.toLocaleString('en')} images`;
  if (status === 'CANCELLED') {
    return { tone: 'neutral', text: `Cancelled at ${at}. Resume continues from there.` };
  }
  if (status === 'INTERRUPTED') {
    return {
      tone: 'warning',
      text: `The server stopped while this audit ran (${at} kept). Resume continues from there.`,
    };
  }
  return null;
}
