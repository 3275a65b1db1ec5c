import { useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';
import { AuditForm } from '../components/audit-form.js';
import { ErrorList } from '../components/error-list.js';
import { Loading } from '../components/loading.js';
import { START_AUDIT_MUTATION } from '../graphql/audits.js';
import { NEW_AUDIT_OPTIONS_QUERY } from '../graphql/models.js';
import type { NoiseKind } from '../graphql/types.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { apiErrors } from '../lib/api-errors.js';
import type { StartAuditInput } from '../lib/audit-form.js';

interface Options {
  models: { id: string; isDefault: boolean }[];
  noiseKinds: NoiseKind[];
}

/** Start an audit; on success go to its live view. */
export function NewAuditPage() {
  const [{ data, fetching, error }] = useQuery<Options>({ query: NEW_AUDIT_OPTIONS_QUERY });
  const [, startAudit] = useMutation<{ startAudit: { id: string } }, { input: StartAuditInput }>(
    START_AUDIT_MUTATION,
  );
  const [, navigate] = useLocation();
  useDocumentTitle('New audit');

  async function submit(input: StartAuditInput) {
    const result = await startAudit({ input });
    const id = result.data?.startAudit.id;
    if (id) navigate(`/audits/${id}`);
    return apiErrors(result.error);
  }

  return (
    <section>
      <h1>New audit</h1>
      <p className="muted">
        Feed seeded noise through models and see how confidently they name an object anyway.
      </p>
      <ErrorList errors={apiErrors(error)} />
      {fetching && !data ? <Loading what="models and noise kinds" /> : null}
      {data ? <AuditForm models={data.models} kinds={data.noiseKinds} onSubmit={submit} /> : null}
    </section>
  );
}
