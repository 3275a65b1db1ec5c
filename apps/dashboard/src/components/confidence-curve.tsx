import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, axisLabel, CHART_COLORS } from '../lib/chart-theme.js';
import { fmt } from '../lib/format.js';
import { seriesColor } from '../lib/palette.js';
import { ChartFigure } from './chart-figure.js';

interface Props {
  /** Best confidence per iteration (iteration 0 is the start). */
  points: readonly { iteration: number; confidence: number }[];
  /** Iterations the search may take (the x axis ends there). */
  budget: number;
  /** What the confidence is of ("Bag"), for the text alternative. */
  of: string;
  height?: number;
  /** A fixed width in pixels instead of the container's (tests: happy-dom has no layout). */
  width?: number;
}

/** The fool search's best confidence per iteration, drawn as it arrives: a figure named by its caption. */
export function ConfidenceCurve({ points, budget, of, height = 200, width }: Props) {
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last
      ? `Confidence in ${of} from ${fmt(first.confidence)} at iteration ${first.iteration} to ${fmt(last.confidence)} at iteration ${last.iteration} of ${budget}.`
      : `No iteration yet of ${budget}.`;
  return (
    <ChartFigure
      caption={`Best confidence in ${of} per iteration`}
      captionAbove
      summary={`Confidence per iteration: ${summary}`}
      description={summary}
    >
      <ResponsiveContainer width={width ?? '100%'} height={height}>
        <LineChart
          data={points as { iteration: number; confidence: number }[]}
          margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={[0, Math.max(1, budget)]}
            allowDecimals={false}
            tick={AXIS_TICK}
            label={axisLabel('iteration', { position: 'insideBottom', offset: -12 })}
          />
          <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} width={48} tick={AXIS_TICK} />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(x) => `iteration ${x}`} />
          <Line
            dataKey="confidence"
            type="linear"
            stroke={seriesColor(0)}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
