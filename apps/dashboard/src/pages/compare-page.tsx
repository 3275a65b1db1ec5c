import { useState } from 'react';
import { useQuery } from 'urql';
import { CompareColumn } from '../components/compare-column.js';
import { ErrorList } from '../components/error-list.js';
import { AUDITS_QUERY } from '../graphql/audits.js';
import type { AuditStatus } from '../graphql/types.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { apiErrors } from '../lib/api-errors.js';

interface AuditOption {
  id: string;
  status: AuditStatus;
  models: string[];
  count: number;
  noise: { kind: string; seed: number }[];
  progress?: { processed: number } | null;
}

/** Two audits side by side: describe() tables, histograms and label counts. */
export function ComparePage() {
  const [{ data, error }] = useQuery<{ audits: { edges: { node: AuditOption }[] } }>({
    query: AUDITS_QUERY,
    variables: { first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const options = (data?.audits.edges ?? []).map(({ node: { progress, ...a } }) =>
    progress ? { ...a, processed: progress.processed } : a,
  );
  const [picked, setPicked] = useState<[string, string]>(['', '']);
  useDocumentTitle('Compare audits');
  const choose = (slot: 'a' | 'b', id: string) => setPicked(([a, b]) => (slot === 'a' ? [id, b] : [a, id]));
  return (
    <section>
      <h1>Compare two audits</h1>
      <ErrorList errors={apiErrors(error)} />
      <div className="compare">
        {(['a', 'b'] as const).map((slot, i) => (
          <CompareColumn
            key={slot}
            slot={slot}
            label={i === 0 ? 'Left audit' : 'Right audit'}
            options={options}
            selected={picked[i] ?? ''}
            onSelect={(id) => choose(slot, id)}
          />
        ))}
      </div>
    </section>
  );
}
