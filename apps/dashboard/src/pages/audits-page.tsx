import { Link } from 'wouter';
import { ErrorList } from '../components/error-list.js';
import { FirstAudit } from '../components/first-audit.js';
import { Loading } from '../components/loading.js';
import { ScrollTable } from '../components/scroll-table.js';
import { StatusBadge } from '../components/status-badge.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { useLiveAudits } from '../hooks/use-live-audits.js';
import { imagesDone } from '../lib/images-done.js';

/**
 * The home page: what snowblind does in two lines, a first audit in one click, then the audits,
 * newest first, each linking to its live view or results; kept current live.
 */
export function AuditsPage() {
  const { audits: live, fetching, errors } = useLiveAudits(50);
  const audits = live ?? [];
  useDocumentTitle('Audits');
  return (
    <section>
      <div className="page-head">
        <h1>Audits</h1>
        <Link href="/new" className="button primary">
          New audit
        </Link>
      </div>
      <div className="intro">
        <p>
          snowblind asks whether an image classifier names an object in pure noise, and measures how
          confidently it does.
        </p>
        <p>
          Each audit feeds a model seeded noise and reports its confidence, the labels it names and how well
          that confidence tells noise from real images.
        </p>
        <FirstAudit />
      </div>
      <ErrorList errors={errors} />
      {fetching && !live ? <Loading what="audits" /> : null}
      {live && audits.length === 0 ? (
        <p>
          No audits yet. <Link href="/new">Start one</Link>.
        </p>
      ) : null}
      {audits.length > 0 ? (
        <ScrollTable label="Audits, newest first">
          <table>
            <caption className="sr-only">Audits, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Audit</th>
                <th scope="col">Status</th>
                <th scope="col">Models</th>
                <th scope="col">Noise (seed)</th>
                <th scope="col" className="num">
                  Images
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={`/audits/${a.id}`}>{a.id.slice(0, 8)}</Link>
                  </td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{a.models.join(', ')}</td>
                  <td>{a.noise.map((n) => `${n.kind} (${n.seed})`).join(', ')}</td>
                  <td className="num">{imagesDone(a)}</td>
                  <td>{new Date(a.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : null}
    </section>
  );
}
