import { Link } from 'wouter';

/** Shown for a route that does not exist. */
export function NotFoundPage() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no such page. <Link href="/">Back to the audits</Link>.
      </p>
    </section>
  );
}
