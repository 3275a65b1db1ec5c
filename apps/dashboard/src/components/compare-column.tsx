import { Link } from 'wouter';
import type { AuditStatus } from '../graphql/types.js';
import { useAudit } from '../hooks/use-audit.js';
import { imagesDone } from '../lib/images-done.js';
import { AuditSummary } from './audit-summary.js';
import { ConfidenceHistogram } from './confidence-histogram.js';
import { DescribeTable } from './describe-table.js';
import { ErrorList } from './error-list.js';
import { LabelCountCharts } from './label-count-charts.js';
import { StatusBadge } from './status-badge.js';

interface Props {
  slot: string;
  label: string;
  options: readonly {
    id: string;
    status: AuditStatus;
    models: string[];
    count: number;
    noise: { kind: string }[];
    processed?: number;
  }[];
  selected: string;
  onSelect: (id: string) => void;
}

function AuditColumnBody({ id }: { id: string }) {
  const { audit, errors } = useAudit(id);
  if (!audit) return <ErrorList errors={errors} />;
  return (
    <>
      <p className="page-head">
        <Link href={`/audits/${id}`}>Open audit {id.slice(0, 8)}</Link>
        <StatusBadge status={audit.status} />
      </p>
      <AuditSummary audit={audit} />
      {/* Half a page has no room for eight statistic columns: one column per run instead. */}
      <DescribeTable runs={audit.runs} caption="describe() of the top-1 confidence" runsAsColumns />
      <ConfidenceHistogram audit={audit} height={220} />
      <LabelCountCharts runs={audit.runs} count={audit.count} />
    </>
  );
}

/** One side of the comparison: an audit picker and that audit's main results. */
export function CompareColumn({ slot, label, options, selected, onSelect }: Props) {
  const id = `compare-${slot}`;
  return (
    <div className="card compare-column">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={selected} onChange={(e) => onSelect(e.target.value)}>
          <option value="">— choose an audit —</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.id.slice(0, 8)} · {o.models.join('+')} · {o.noise.map((n) => n.kind).join('+')} ·{' '}
              {imagesDone(o)}
              {o.status === 'SUCCEEDED' ? '' : ` · ${o.status.toLowerCase()}`}
            </option>
          ))}
        </select>
      </div>
      {selected ? <AuditColumnBody id={selected} /> : null}
    </div>
  );
}
