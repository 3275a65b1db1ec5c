import { AXIS_TICK } from '../lib/chart-theme.js';
import { fitLabel, type MeasureText } from '../lib/fit-label.js';

interface Props {
  /** Where recharts puts the tick (the axis' right edge, the row's middle). */
  x?: number;
  y?: number;
  payload?: { value: string };
  /** Room for the text, left of the tick. */
  maxWidth: number;
  measure: MeasureText;
}

/**
 * A category-axis tick that never runs into its neighbours: one line, cut with an ellipsis to
 * the room it has, the whole label in a `<title>` (a tooltip on hover). recharts' own tick
 * wraps long labels onto lines that overlap the next row.
 */
export function LabelTick({ x = 0, y = 0, payload, maxWidth, measure }: Props) {
  const label = payload?.value ?? '';
  const shown = fitLabel(label, maxWidth, measure);
  return (
    <text
      x={x}
      y={y}
      dx={-4}
      dy="0.35em"
      textAnchor="end"
      fill={AXIS_TICK.fill}
      fontSize={AXIS_TICK.fontSize}
      className="label-tick"
    >
      {shown === label ? null : <title>{label}</title>}
      {shown}
    </text>
  );
}
