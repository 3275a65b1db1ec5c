import { useId, useState } from 'react';
import type { AuditRun } from '../graphql/types.js';
import { runName } from '../lib/format.js';
import type { SampleFilter, SampleSort } from '../lib/sample-order.js';

const SORTS: { value: SampleSort; label: string }[] = [
  { value: 'index', label: 'Index order' },
  { value: 'score-desc', label: 'Most confident first' },
  { value: 'score-asc', label: 'Least confident first' },
];

interface Props {
  runs: readonly AuditRun[];
  run: number;
  onRun: (run: number) => void;
  sort: SampleSort;
  onSort: (sort: SampleSort) => void;
  filter: SampleFilter;
  onFilter: (filter: SampleFilter) => void;
  /** The run's top-1 labels with their counts, most frequent first. */
  labels: readonly { label: string; count: number }[];
}

/** The sample grid's run, order, label and least-confidence pickers. */
export function SampleGridControls({ runs, run, onRun, sort, onSort, filter, onFilter, labels }: Props) {
  const id = useId();
  // The typed text, so "0." on the way to "0.95" is not rewritten under the cursor.
  const [minText, setMinText] = useState(String(filter.minScore));
  return (
    <div className="grid-controls">
      {runs.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-run`}>Run</label>
          <select id={`${id}-run`} value={run} onChange={(e) => onRun(Number(e.target.value))}>
            {runs.map((r) => (
              <option key={r.index} value={r.index}>
                {runName(r)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort samples</label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => onSort(e.target.value as SampleSort)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>Top-1 label</label>
        <select
          id={`${id}-label`}
          value={filter.label ?? ''}
          onChange={(e) => onFilter({ ...filter, label: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">Any label</option>
          {labels.map((l) => (
            <option key={l.label} value={l.label}>
              {l.label} ({l.count.toLocaleString('en')})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-min`}>Confidence at least</label>
        <input
          id={`${id}-min`}
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={minText}
          onChange={(e) => {
            setMinText(e.target.value);
            const value = e.target.valueAsNumber;
            onFilter({ ...filter, minScore: Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0 });
          }}
        />
      </div>
    </div>
  );
}
