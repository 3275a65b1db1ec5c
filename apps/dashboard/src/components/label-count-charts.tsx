import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditRun } from '../graphql/types.js';
import { runName } from '../lib/format.js';
import { seriesColor } from '../lib/palette.js';

/** One horizontal bar chart of the most frequent top-1 labels per run (pandas value_counts()). */
export function LabelCountCharts({ runs, count }: { runs: readonly AuditRun[]; count: number }) {
  return (
    <div className="chart-grid">
      {runs.map((r, i) => {
        const top = r.labelCounts[0];
        const summary = top
          ? `${runName(r)}: ${top.label} is the top-1 label of ${top.count} of ${count} images`
          : `${runName(r)}: no labels`;
        return (
          <figure key={r.index}>
            <figcaption>
              <strong>{runName(r)}</strong>
            </figcaption>
            <div className="chart" role="img" aria-label={summary}>
              <ResponsiveContainer width="100%" height={Math.max(120, r.labelCounts.length * 26 + 40)}>
                <BarChart
                  data={r.labelCounts}
                  layout="vertical"
                  margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
                >
                  <CartesianGrid strokeDasharray="3 3" stroke="#d0d4da" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="label" width={110} interval={0} />
                  <Tooltip />
                  <Bar dataKey="count" fill={seriesColor(i)} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <p className="sr-only">{r.labelCounts.map((l) => `${l.label}: ${l.count}`).join(', ')}</p>
          </figure>
        );
      })}
    </div>
  );
}
