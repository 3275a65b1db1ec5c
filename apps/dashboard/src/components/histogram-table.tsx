import { pct } from '../lib/format.js';
import type { HistogramBin } from '../lib/histogram.js';
import { ChartDataTable } from './chart-data-table.js';

/** The histogram's numbers: one row per bin, one column per run (the chart's text version). */
export function HistogramTable({
  bins,
  series,
}: {
  bins: readonly HistogramBin[];
  series: readonly string[];
}) {
  return (
    <ChartDataTable summary="The histogram as a table" caption="Share of images per confidence bin">
      <thead>
        <tr>
          <th scope="col">Confidence</th>
          {series.map((name) => (
            <th scope="col" className="num" key={name}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {bins.map((bin) => (
          <tr key={bin.label}>
            <th scope="row">{bin.label}</th>
            {series.map((name) => (
              <td className="num" key={name}>
                {pct(Number(bin[name]))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ChartDataTable>
  );
}
