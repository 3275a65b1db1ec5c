import type { AuditRun } from '../graphql/types.js';
import { ScrollTable } from './scroll-table.js';

/** A run's value_counts() as a table: every label whole, spaces and commas as the model has them. */
export function LabelCountTable({ run, name }: { run: AuditRun; name: string }) {
  const caption = `Top-1 labels of ${name}`;
  return (
    <details className="chart-data">
      <summary>The counts as a table</summary>
      <ScrollTable label={caption}>
        <table>
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col" className="num">
                Images
              </th>
            </tr>
          </thead>
          <tbody>
            {run.labelCounts.map((l) => (
              <tr key={l.label}>
                <th scope="row" className="label-cell">
                  {l.label}
                </th>
                <td className="num">{l.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </details>
  );
}
