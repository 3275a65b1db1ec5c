import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditRun } from '../graphql/types.js';
import { useElementWidth } from '../hooks/use-element-width.js';
import { AXIS_TICK, CHART_COLORS } from '../lib/chart-theme.js';
import { canvasMeasure } from '../lib/fit-label.js';
import { runName } from '../lib/format.js';
import { seriesColor } from '../lib/palette.js';
import { ChartFigure } from './chart-figure.js';
import { LabelCountTable } from './label-count-table.js';
import { LabelTick } from './label-tick.js';

/** The tick font as the page draws it (styles.css' body font at the ticks' size). */
const TICK_FONT = `${AXIS_TICK.fontSize}px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif`;
/** The label axis takes at most this share of the chart's width; longer labels are cut. */
const MAX_AXIS_SHARE = 0.45;
/** Space between a label and its bar. */
const TICK_GAP = 8;

/** Room for the labels: the longest one measured, within a share of the chart's width. */
export function labelAxisWidth(
  labels: readonly string[],
  chartWidth: number,
  measure: (t: string) => number,
) {
  const longest = Math.max(0, ...labels.map(measure));
  return Math.round(Math.max(48, Math.min(longest + TICK_GAP, chartWidth * MAX_AXIS_SHARE)));
}

interface Props {
  runs: readonly AuditRun[];
  count: number;
  /** A fixed chart width in pixels instead of the container's (tests: happy-dom has no layout). */
  width?: number;
}

function LabelCountChart({
  run,
  color,
  count,
  width: fixed,
}: Omit<Props, 'runs'> & { run: AuditRun; color: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const measured = useElementWidth(ref, 320);
  const width = fixed ?? measured;
  const measure = useMemo(() => canvasMeasure(TICK_FONT), []);
  const labels = run.labelCounts;
  const axisWidth = labelAxisWidth(
    labels.map((l) => l.label),
    width,
    measure,
  );
  const name = runName(run);
  const top = labels[0];
  return (
    <ChartFigure
      caption={<strong>{name}</strong>}
      captionAbove
      summary={
        top
          ? `${name}: ${top.label} is the top-1 label of ${top.count} of ${count} images`
          : `${name}: no labels`
      }
      description={labels.map((l) => `${l.label}: ${l.count}`).join('; ')}
      after={<LabelCountTable run={run} name={name} />}
    >
      <div ref={ref}>
        <ResponsiveContainer width={fixed ?? '100%'} height={Math.max(120, labels.length * 26 + 40)}>
          <BarChart data={labels} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis
              type="category"
              dataKey="label"
              width={axisWidth}
              interval={0}
              tick={<LabelTick maxWidth={axisWidth - TICK_GAP} measure={measure} />}
            />
            <Tooltip />
            <Bar dataKey="count" fill={color} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}

/**
 * One horizontal bar chart of the most frequent top-1 labels per run (pandas value_counts()),
 * labels cut to fit with the whole label on hover, and the counts as a table with every label
 * exactly as the model names it.
 */
export function LabelCountCharts({ runs, count, width }: Props) {
  return (
    <div className="chart-grid">
      {runs.map((r, i) => (
        <LabelCountChart key={r.index} run={r} color={seriesColor(i)} count={count} width={width} />
      ))}
    </div>
  );
}
