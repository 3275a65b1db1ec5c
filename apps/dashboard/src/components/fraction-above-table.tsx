import { useState } from 'react';
import type { AuditRun } from '../graphql/types.js';
import { pct } from '../lib/format.js';
import { thresholdSummary } from '../lib/threshold-summary.js';
import { RunName } from './run-name.js';
import { ScrollTable } from './scroll-table.js';
import { TextField } from './text-field.js';

interface Props {
  runs: readonly AuditRun[];
  thresholds: number[];
  onThresholds: (thresholds: number[]) => void;
}

/**
 * Share of images whose top-1 confidence is strictly above each threshold, thresholds editable,
 * and a sentence derived from those numbers on what the thresholds do to this noise.
 */
export function FractionAboveTable({ runs, thresholds, onThresholds }: Props) {
  const [draft, setDraft] = useState(thresholds.join(', '));
  const [error, setError] = useState<string>();
  const apply = () => {
    const parts = draft
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (parts.length === 0 || parts.length > 10 || parts.some((t) => !(t >= 0 && t <= 1))) {
      setError('give 1 to 10 thresholds between 0 and 1, e.g. 0.5, 0.9, 0.99');
      return;
    }
    setError(undefined);
    onThresholds(parts);
  };
  const columns = runs[0]?.fractionAbove.map((f) => f.threshold) ?? thresholds;
  const summary = thresholdSummary(runs);
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <TextField id="thresholds" label="Thresholds" value={draft} onChange={setDraft} error={error} />
        <button type="submit">Apply</button>
      </form>
      <ScrollTable label="Share of images above each confidence threshold">
        <table>
          <caption className="sr-only">Share of images above each confidence threshold</caption>
          <thead>
            <tr>
              <th scope="col">Model · noise</th>
              {columns.map((t) => (
                <th scope="col" className="num" key={t}>
                  &gt; {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.index}>
                <th scope="row">
                  <RunName run={r} />
                </th>
                {r.fractionAbove.map((f) => (
                  <td className="num" key={f.threshold}>
                    {pct(f.fraction)} <span className="muted">({f.count})</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {summary ? (
        <p className="muted" id="threshold-summary">
          {summary}
        </p>
      ) : null}
    </>
  );
}
