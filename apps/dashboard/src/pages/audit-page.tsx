import { useState } from 'react';
import { useMutation } from 'urql';
import { Link, useParams } from 'wouter';
import { AuditResults } from '../components/audit-results.js';
import { AuditSummary } from '../components/audit-summary.js';
import { ErrorList } from '../components/error-list.js';
import { Loading } from '../components/loading.js';
import { ProgressView } from '../components/progress-view.js';
import { StoppedNote } from '../components/stopped-note.js';
import { CANCEL_AUDIT_MUTATION, RESUME_AUDIT_MUTATION } from '../graphql/audits.js';
import { TERMINAL_STATUSES } from '../graphql/types.js';
import { DEFAULT_THRESHOLDS, useAudit } from '../hooks/use-audit.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';

/** One audit: live progress while it runs, then its results. */
export function AuditPage() {
  const { id = '' } = useParams<{ id: string }>();
  const [thresholds, setThresholds] = useState<number[]>(DEFAULT_THRESHOLDS);
  const { audit, progress, fetching, errors, refetch, lostAt } = useAudit(id, thresholds);
  const [{ fetching: cancelling }, cancel] = useMutation(CANCEL_AUDIT_MUTATION);
  const [{ fetching: resuming }, resume] = useMutation(RESUME_AUDIT_MUTATION);
  const [actionErrors, setActionErrors] = useState<ApiError[]>([]);
  const missing = !audit && errors.some((e) => e.code === 'AUDIT_NOT_FOUND');
  useDocumentTitle(missing ? 'Audit not found' : `Audit ${id.slice(0, 8)}`);

  const act = async (run: typeof cancel) => {
    const r = await run({ id });
    setActionErrors(apiErrors(r.error));
    refetch();
  };

  if (missing) {
    return (
      <section>
        <h1>Audit not found</h1>
        <p>
          This server has no audit with the id “{id}”: the link may be mistyped, or the audit was run on
          another server (each keeps its audits in its own data dir). <Link href="/">Go to the audits</Link>.
        </p>
      </section>
    );
  }
  if (!audit) {
    return (
      <section>
        <h1>Audit {id.slice(0, 8)}</h1>
        <ErrorList errors={errors} />
        {fetching ? <Loading what="the audit" /> : null}
      </section>
    );
  }
  const done = TERMINAL_STATUSES.has(audit.status);
  const resumable =
    audit.status === 'INTERRUPTED' || audit.status === 'CANCELLED' || audit.status === 'FAILED';
  return (
    <section>
      <h1>Audit {audit.id.slice(0, 8)}</h1>
      <AuditSummary audit={audit} />
      <ErrorList errors={[...errors, ...actionErrors]} />
      {audit.status === 'FAILED' && audit.error ? (
        <ErrorList errors={[audit.error]} title="The audit stopped with an error" />
      ) : null}
      <StoppedNote status={audit.status} processed={progress?.processed ?? 0} count={audit.count} />
      {progress ? (
        <ProgressView
          progress={progress}
          workingSeconds={done ? audit.workingSeconds : null}
          onCancel={() => act(cancel)}
          cancelling={cancelling}
          lostAt={lostAt}
        />
      ) : null}
      {resumable ? (
        <button type="button" onClick={() => act(resume)} disabled={resuming || lostAt !== null}>
          {resuming ? 'Resuming…' : 'Resume from the last committed batch'}
        </button>
      ) : null}
      {done && audit.runs.some((r) => r.describe.count > 0) ? (
        <AuditResults audit={audit} thresholds={thresholds} onThresholds={setThresholds} />
      ) : null}
    </section>
  );
}
