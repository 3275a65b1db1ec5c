import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Audit } from '../graphql/types.js';
import { HISTOGRAM_SAMPLE_CAP, useSampleScores } from '../hooks/use-sample-scores.js';
import { pct, runName } from '../lib/format.js';
import { confidenceHistogram } from '../lib/histogram.js';
import { seriesColor } from '../lib/palette.js';
import { ErrorList } from './error-list.js';
import { Loading } from './loading.js';

/** Overlaid histograms of the top-1 confidence, one translucent step area per run. */
export function ConfidenceHistogram({ audit, height = 280 }: { audit: Audit; height?: number }) {
  const { scores, errors } = useSampleScores(audit.id, audit.count, audit.runs.length);
  const names = audit.runs.map(runName);
  const bins = useMemo(
    () =>
      scores
        ? confidenceHistogram(
            audit.runs.map((r, i) => ({ name: names[i]!, scores: scores.get(r.index) ?? [] })),
          )
        : null,
    [scores, audit.runs, names],
  );
  if (errors.length) return <ErrorList errors={errors} />;
  if (!bins) return <Loading what="sample confidences" />;
  return (
    <figure>
      <div className="chart" role="img" aria-label={`Histogram of top-1 confidence for ${names.join(', ')}`}>
        <ResponsiveContainer width="100%" height={height}>
          <AreaChart data={bins} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d0d4da" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              label={{ value: 'top-1 confidence', position: 'insideBottom', offset: -12 }}
            />
            <YAxis tickFormatter={(v: number) => pct(v, 0)} width={48} />
            <Tooltip
              formatter={(v) => pct(Number(v))}
              labelFormatter={(x) => `confidence ≈ ${Number(x).toFixed(3)}`}
            />
            {/* Legend text in the body colour: some series colours are below 4.5:1 as text. */}
            <Legend verticalAlign="top" formatter={(value) => <span className="legend-text">{value}</span>} />
            {names.map((name, i) => (
              <Area
                key={name}
                type="step"
                dataKey={name}
                stroke={seriesColor(i)}
                fill={seriesColor(i)}
                fillOpacity={0.25}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">
        Share of images per confidence bin (20 bins)
        {audit.count > HISTOGRAM_SAMPLE_CAP
          ? `, from the first ${HISTOGRAM_SAMPLE_CAP.toLocaleString('en')} images of each run`
          : ''}
        .
      </figcaption>
    </figure>
  );
}
