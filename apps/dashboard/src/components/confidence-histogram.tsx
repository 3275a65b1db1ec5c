import { useId, useMemo, useState } from 'react';
import type { Audit } from '../graphql/types.js';
import { HISTOGRAM_SAMPLE_CAP, useSampleScores } from '../hooks/use-sample-scores.js';
import { pct, runName } from '../lib/format.js';
import { confidenceHistogram, type HistogramBin, sharedShareMax } from '../lib/histogram.js';
import { seriesColor } from '../lib/palette.js';
import { ChartFigure } from './chart-figure.js';
import { ErrorList } from './error-list.js';
import { HistogramChart, type HistogramSeries } from './histogram-chart.js';
import { HistogramTable } from './histogram-table.js';
import { Loading } from './loading.js';

/** Up to this many runs overlay readably in one chart; more get one chart each by default. */
export const OVERLAY_MAX_RUNS = 3;
type Layout = 'overlay' | 'multiples';
const BINS = 20;

/** Where a run's images pile up, for the text alternative: its fullest bin. */
function peak(bins: readonly HistogramBin[], name: string): string {
  const top = bins.reduce((a, b) => (Number(b[name]) > Number(a[name]) ? b : a));
  return `${name}: most images (${pct(Number(top[name]))}) between ${top.label.replace('–', ' and ')}`;
}

/**
 * Histograms of the top-1 confidence per run: overlaid in one chart for up to three runs, one
 * chart per run (small multiples on one shared share axis, the run named above each) beyond,
 * and either on request. The numbers are also a table.
 */
export function ConfidenceHistogram({ audit, height = 280 }: { audit: Audit; height?: number }) {
  const { scores, errors } = useSampleScores(audit.id, audit.count, audit.runs.length);
  const [chosen, setChosen] = useState<Layout | null>(null);
  const layoutName = useId();
  const series: HistogramSeries[] = useMemo(
    () => audit.runs.map((r, i) => ({ name: runName(r), color: seriesColor(i) })),
    [audit.runs],
  );
  const names = series.map((s) => s.name);
  const bins = useMemo(
    () =>
      scores
        ? confidenceHistogram(
            audit.runs.map((r, i) => ({ name: series[i]!.name, scores: scores.get(r.index) ?? [] })),
            BINS,
          )
        : null,
    [scores, audit.runs, series],
  );
  if (errors.length) return <ErrorList errors={errors} />;
  if (!bins) return <Loading what="sample confidences" />;
  const layout = chosen ?? (series.length > OVERLAY_MAX_RUNS ? 'multiples' : 'overlay');
  const yMax = sharedShareMax(bins, names);
  const sampled =
    audit.count > HISTOGRAM_SAMPLE_CAP
      ? `, from the first ${HISTOGRAM_SAMPLE_CAP.toLocaleString('en')} images of each run`
      : '';
  return (
    <div className="histogram">
      {series.length > 1 ? (
        <fieldset className="chart-layout">
          <legend>Runs drawn as</legend>
          {(
            [
              ['overlay', 'Overlay'],
              ['multiples', 'One chart per run'],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name={layoutName}
                value={value}
                checked={layout === value}
                onChange={() => setChosen(value)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
      ) : null}
      {layout === 'overlay' ? (
        <ChartFigure
          caption={`Share of images per confidence bin (${BINS} bins)${sampled}.`}
          summary={`Histogram of top-1 confidence for ${names.join(', ')}`}
          description={names.map((name) => peak(bins, name)).join('. ')}
        >
          <HistogramChart
            bins={bins}
            series={series}
            yMax={yMax}
            height={height}
            legend={series.length > 1}
          />
        </ChartFigure>
      ) : (
        <>
          <p className="muted">
            Share of images per confidence bin ({BINS} bins){sampled}, one chart per run on the same scale.
          </p>
          <div className="chart-grid small-multiples">
            {series.map((s) => (
              <ChartFigure
                key={s.name}
                caption={s.name}
                captionAbove
                summary={`Histogram of top-1 confidence for ${s.name}`}
                description={peak(bins, s.name)}
              >
                <HistogramChart bins={bins} series={[s]} yMax={yMax} height={Math.min(height, 200)} />
              </ChartFigure>
            ))}
          </div>
        </>
      )}
      <HistogramTable bins={bins} series={names} />
    </div>
  );
}
