import { useId } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmt } from '../lib/format.js';
import { seriesColor } from '../lib/palette.js';

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

/** The fool search's best confidence per iteration, drawn as it arrives. */
export function ConfidenceCurve({ points, budget, of, height = 200, width }: Props) {
  const descriptionId = useId();
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last
      ? `Confidence in ${of} from ${fmt(first.confidence)} at iteration ${first.iteration} to ${fmt(last.confidence)} at iteration ${last.iteration} of ${budget}.`
      : `No iteration yet of ${budget}.`;
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Confidence per iteration: ${summary}`}
      aria-describedby={descriptionId}
    >
      <ResponsiveContainer width={width ?? '100%'} height={height}>
        <LineChart
          data={points as { iteration: number; confidence: number }[]}
          margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d4da" />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={[0, Math.max(1, budget)]}
            allowDecimals={false}
            label={{ value: 'iteration', position: 'insideBottom', offset: -12 }}
          />
          <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} width={48} />
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
      <p id={descriptionId} className="sr-only">
        {summary}
      </p>
    </div>
  );
}
