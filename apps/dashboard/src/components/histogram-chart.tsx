import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, axisLabel, CHART_COLORS } from '../lib/chart-theme.js';
import { pct } from '../lib/format.js';
import type { HistogramBin } from '../lib/histogram.js';

/** One series drawn: its column in the bins and its colour. */
export interface HistogramSeries {
  readonly name: string;
  readonly color: string;
}

interface Props {
  bins: readonly HistogramBin[];
  series: readonly HistogramSeries[];
  /** Top of the share axis (shared by small multiples). */
  yMax: number;
  height: number;
  /** A fixed width in pixels instead of the container's (tests: happy-dom has no layout). */
  width?: number;
  /** A legend above the bars (overlays; small multiples name their run in the caption). */
  legend?: boolean;
}

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * A bar as wide as its bin, as a share of the axis. recharts rounds gap-less bars to whole
 * pixels and draws a bar as wide as its band at 90%; 99.99% of the band is the bin's width to
 * a few thousandths of a pixel, so bars meet each other and the axis ends.
 */
const exactBarSize = (bins: number) => `${(100 / bins) * 0.9999}%`;

/**
 * Histogram bars on a numeric confidence axis [0, 1]: every bar spans its bin's true range
 * (the last one ends at 1). Several series overlay translucently: each has its own hidden copy
 * of the x axis, so recharts draws their bars on top of each other instead of side by side
 * (bars on one axis are grouped), and a bar's width is its bin's (no category gap).
 */
export function HistogramChart({ bins, series, yMax, height, width, legend = false }: Props) {
  const overlaid = series.length > 1;
  return (
    <ResponsiveContainer width={width ?? '100%'} height={height}>
      <BarChart
        data={bins as HistogramBin[]}
        barCategoryGap={0}
        barGap={0}
        barSize={exactBarSize(bins.length)}
        margin={{ top: 8, right: 16, bottom: 28, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} />
        {series.map((s, i) => (
          <XAxis
            key={s.name}
            xAxisId={i}
            dataKey="x"
            type="number"
            domain={[0, 1]}
            ticks={TICKS}
            hide={i > 0}
            tick={AXIS_TICK}
            label={axisLabel('top-1 confidence', { position: 'insideBottom', offset: -16 })}
          />
        ))}
        <YAxis domain={[0, yMax]} tickFormatter={(v: number) => pct(v, 0)} width={48} tick={AXIS_TICK} />
        <Tooltip
          formatter={(v) => pct(Number(v))}
          labelFormatter={(_, payload) => `confidence ${String(payload?.[0]?.payload?.label ?? '')}`}
        />
        {legend ? (
          <Legend
            verticalAlign="top"
            itemSorter={null}
            formatter={(value) => <span className="legend-text">{value}</span>}
          />
        ) : null}
        {series.map((s, i) => (
          <Bar
            key={s.name}
            xAxisId={i}
            name={s.name}
            // A function, not the name as a path: a model id such as "squeezenet1.1" has a dot.
            dataKey={(bin: HistogramBin) => bin[s.name]}
            fill={s.color}
            fillOpacity={overlaid ? 0.35 : 0.8}
            stroke={s.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
