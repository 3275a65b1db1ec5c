/**
 * The colours and text style every chart uses for its axes, so tick and axis-label text meets
 * WCAG AA (4.5:1) on the card it sits on. recharts' own tick fill (#666) is 5.7:1 on white but
 * 5.3:1 on the page background; ours (11.5:1 on white) is set explicitly rather than left to a default.
 */
export const CHART_COLORS = {
  /** The card behind every chart (`--surface`). */
  surface: '#ffffff',
  /** The page around the cards (`--bg`). */
  page: '#f5f6f8',
  /** Tick labels and axis titles. */
  axisText: '#333a42',
  /** Grid lines (not text: no contrast requirement, kept light). */
  grid: '#d0d4da',
  /** The chance diagonal and other reference lines (3:1 for graphics). */
  reference: '#5f6b7a',
} as const;

/** recharts `tick` props: the axis text colour at 12 px. */
export const AXIS_TICK = { fill: CHART_COLORS.axisText, fontSize: 12 } as const;

/** recharts axis `label` props for an axis title. */
export function axisLabel(value: string, extra: Record<string, unknown> = {}) {
  return { value, fill: CHART_COLORS.axisText, fontSize: 12, ...extra };
}
