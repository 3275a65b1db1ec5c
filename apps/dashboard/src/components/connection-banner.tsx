import { useConnection } from '../hooks/use-connection.js';
import { clockTime } from '../lib/format.js';

/**
 * Says plainly when the server stopped answering, and that the page reconnects by itself: what
 * the page shows is then only what the server last said.
 */
export function ConnectionBanner() {
  const { online, lostAt } = useConnection();
  if (online || lostAt === null) return null;
  return (
    <div role="alert" className="connection-lost">
      <strong>No answer from the server since {clockTime(lostAt)}.</strong> Retrying every few seconds; the
      page refreshes when it answers again. Until then, what you see is what it last reported.
    </div>
  );
}
