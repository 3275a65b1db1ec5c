import { Link } from 'wouter';
import { useDocumentTitle } from '../hooks/use-document-title.js';

/** Shown for a route that does not exist. */
export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        No page of the dashboard has this address; the link may be mistyped or from an older version.{' '}
        <Link href="/">Go to the audits</Link>.
      </p>
    </section>
  );
}
