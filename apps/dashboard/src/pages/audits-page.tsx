import { useQuery } from 'urql';
import { Link } from 'wouter';
import { ErrorList } from '../components/error-list.js';
import { Loading } from '../components/loading.js';
import { StatusBadge } from '../components/status-badge.js';
import { AUDITS_QUERY } from '../graphql/audits.js';
import type { AuditStatus } from '../graphql/types.js';
import { apiErrors } from '../lib/api-errors.js';

interface AuditRow {
  id: string;
  status: AuditStatus;
  count: number;
  models: string[];
  createdAt: string;
  noise: { kind: string; seed: number }[];
}

/** Audits, newest first, each linking to its live view or results. */
export function AuditsPage() {
  const [{ data, fetching, error }] = useQuery<{ audits: { edges: { node: AuditRow }[] } }>({
    query: AUDITS_QUERY,
    variables: { first: 50 },
    requestPolicy: 'cache-and-network',
  });
  const audits = data?.audits.edges.map((e) => e.node) ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Audits</h1>
        <Link href="/new" className="button primary">
          New audit
        </Link>
      </div>
      <ErrorList errors={apiErrors(error)} />
      {fetching && !data ? <Loading what="audits" /> : null}
      {data && audits.length === 0 ? (
        <p>
          No audits yet. <Link href="/new">Start one</Link>.
        </p>
      ) : null}
      {audits.length > 0 ? (
        <div className="table-wrap">
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
                  <td className="num">{a.count.toLocaleString('en')}</td>
                  <td>{new Date(a.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
