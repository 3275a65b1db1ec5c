import {
  CartesianGrid,
  Label,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RocPoint } from '../graphql/types.js';
import { AXIS_TICK, axisLabel, CHART_COLORS } from '../lib/chart-theme.js';
import { fmt } from '../lib/format.js';
import { seriesColor } from '../lib/palette.js';
import { ChartFigure } from './chart-figure.js';

/** One curve: a run's ROC for one detector score. */
export interface RocSeries {
  name: string;
  auroc: number | null;
  fprAtTpr: number | null;
  tpr: number;
  points: readonly RocPoint[];
}

interface Props {
  curves: readonly RocSeries[];
  /** The detector score the curves are for, in words ("MSP"). */
  scoreLabel: string;
  /** @defaultValue 280 px of plot and legend plus 24 px per curve (a phone's legend takes a line each) */
  height?: number;
  /** A fixed width in pixels instead of the container's (tests: happy-dom has no layout). */
  width?: number;
}

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * ROC curves, one line per run, noise the positive class (OpenOOD): x is the share of
 * in-distribution images flagged as noise, y the share of noise images flagged. The dashed
 * diagonal is a detector that guesses. A figure with a caption; the chart has a text alternative
 * (`aria-describedby`) with each curve's AUROC and FPR at the TPR. Each axis title is two short
 * lines inside the margins, so a phone's 300-pixel chart shows it whole.
 */
export function RocChart({ curves, scoreLabel, height = 280 + 24 * curves.length, width }: Props) {
  const legendName = (c: RocSeries) => `${c.name} (AUROC ${fmt(c.auroc)})`;
  return (
    <ChartFigure
      className="roc-figure"
      caption={`ROC curves of the ${scoreLabel} score, noise as the positive class: every image scoring at or below a threshold is flagged as noise. The dashed diagonal is chance (AUROC 0.5).`}
      summary={`ROC curves for ${scoreLabel}: ${curves.map(legendName).join('; ')}`}
      description={curves
        .map(
          (c) =>
            `${c.name}: AUROC ${fmt(c.auroc)}, false-positive rate ${fmt(c.fprAtTpr)} at ${Math.round(c.tpr * 100)}% true-positive rate, ${c.points.length} points.`,
        )
        .join(' ')}
    >
      <ResponsiveContainer width={width ?? '100%'} height={height}>
        <LineChart margin={{ top: 8, right: 16, bottom: 40, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} />
          <XAxis dataKey="fpr" type="number" domain={[0, 1]} ticks={TICKS} tick={AXIS_TICK}>
            <Label {...axisLabel('false-positive rate')} position="insideBottom" offset={-20} />
            <Label
              {...axisLabel('(in-distribution flagged as noise)')}
              position="insideBottom"
              offset={-36}
            />
          </XAxis>
          <YAxis type="number" domain={[0, 1]} ticks={TICKS} width={48} tick={AXIS_TICK}>
            <Label
              {...axisLabel('true-positive rate (noise flagged)')}
              angle={-90}
              position="insideLeft"
              textAnchor="middle"
              dx={-8}
            />
          </YAxis>
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={CHART_COLORS.reference}
            strokeDasharray="6 4"
            ifOverflow="visible"
          />
          <Tooltip
            formatter={(v) => fmt(Number(v))}
            labelFormatter={(x) => `false-positive rate ${fmt(Number(x))}`}
          />
          <Legend
            verticalAlign="top"
            itemSorter={null}
            formatter={(value) => <span className="legend-text">{value}</span>}
          />
          {curves.map((c, i) => (
            <Line
              key={c.name}
              name={legendName(c)}
              data={c.points as RocPoint[]}
              dataKey="tpr"
              type="linear"
              stroke={seriesColor(i)}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
