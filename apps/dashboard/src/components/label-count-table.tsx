import type { AuditRun } from '../graphql/types.js';
import { ChartDataTable } from './chart-data-table.js';

/** A run's value_counts() as a table: every label whole, spaces and commas as the model has them. */
export function LabelCountTable({ run, name }: { run: AuditRun; name: string }) {
  const caption = `Top-1 labels of ${name}`;
  return (
    <ChartDataTable summary="The counts as a table" caption={caption}>
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
    </ChartDataTable>
  );
}
