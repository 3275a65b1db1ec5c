import type { AuditStatus } from '../graphql/types.js';
import { stoppedStatus } from '../lib/stopped-status.js';

/**
 * What became of an audit that stopped short, in plain words: a neutral note for the user's own
 * cancel, a warning for a server that stopped. Announced politely (`role="status"`): neither is
 * an error. Renders nothing for other statuses.
 */
export function StoppedNote(props: { status: AuditStatus; processed: number; count: number }) {
  const note = stoppedStatus(props.status, props.processed, props.count);
  if (!note) return null;
  return (
    <p
      role="status"
      id="stopped-note"
      className={note.tone === 'warning' ? 'notice notice-warning' : 'notice'}
    >
      {note.text}
    </p>
  );
}
