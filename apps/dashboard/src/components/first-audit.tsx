import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';
import { START_AUDIT_MUTATION } from '../graphql/audits.js';
import { NEW_AUDIT_OPTIONS_QUERY } from '../graphql/models.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import type { StartAuditInput } from '../lib/audit-form.js';
import { type FirstAuditModel, firstAudit } from '../lib/first-audit.js';
import { ErrorList } from './error-list.js';

/**
 * One click to a first audit: the default model on the reference noise (see {@link firstAudit}),
 * started with `startAudit`, then its live page. The new-audit form's query, so `/new` opens
 * from the cache afterwards.
 */
export function FirstAudit() {
  const [{ data }] = useQuery<{ models: FirstAuditModel[] }>({ query: NEW_AUDIT_OPTIONS_QUERY });
  const [{ fetching }, startAudit] = useMutation<{ startAudit: { id: string } }, { input: StartAuditInput }>(
    START_AUDIT_MUTATION,
  );
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [, navigate] = useLocation();
  const audit = data ? firstAudit(data.models) : null;
  if (!audit) return null;

  const start = async () => {
    const result = await startAudit({ input: audit.input });
    setErrors(apiErrors(result.error));
    const id = result.data?.startAudit.id;
    if (id) navigate(`/audits/${id}`);
  };

  return (
    <div className="first-audit">
      <button type="button" className="primary" onClick={() => void start()} disabled={fetching}>
        {fetching ? 'Starting…' : 'Run a first audit'}
      </button>
      <span className="muted">{audit.summary}</span>
      <ErrorList errors={errors} title="The audit did not start" />
    </div>
  );
}
