import type { ReactNode } from 'react';
import { ScrollTable } from './scroll-table.js';

interface Props {
  /** The fold's label ("The histogram as a table"). */
  summary: string;
  /** The table's name (a caption for screen readers; the fold names it for everyone else). */
  caption: string;
  /** The table's `<thead>` and `<tbody>`. */
  children: ReactNode;
}

/** A chart's numbers as a table, folded away under the chart: its text version for everyone. */
export function ChartDataTable({ summary, caption, children }: Props) {
  return (
    <details className="chart-data">
      <summary>{summary}</summary>
      <ScrollTable label={caption}>
        <table>
          <caption className="sr-only">{caption}</caption>
          {children}
        </table>
      </ScrollTable>
    </details>
  );
}
