import { adjoin, padStart, pprintThing, textWidth } from './pandas-layout.js';

/** The fields of a run that {@link formatLabelCounts} reads. */
export interface LabelCountsSource {
  readonly model: { readonly id: string };
  readonly labelCounts: readonly { readonly label: string; readonly count: number }[];
}

/**
 * The top-1 labels of one run as pandas 1.5 prints `series.value_counts()` for a series named
 * after the model: labels left-aligned, counts right-aligned three spaces on, then the footer
 * `Name: <model id>, dtype: int64`. Every row is printed (as with `display.max_rows = None`);
 * pandas would elide the middle of a series longer than 60 rows.
 */
export function formatLabelCounts(run: LabelCountsSource): string {
  return formatValueCounts(run.labelCounts, run.model.id);
}

/** {@link formatLabelCounts} for bare counts and a series name. */
export function formatValueCounts(
  counts: readonly { readonly label: string; readonly count: number }[],
  name: string,
): string {
  const footer = `Name: ${pprintThing(name)}, dtype: int64`;
  if (counts.length === 0) return `Series([], ${footer})`;
  const labels = counts.map((c) => pprintThing(c.label));
  // IntArrayFormatter: f"{x: d}", right-justified to the widest.
  const values = counts.map((c) => ` ${c.count}`);
  const width = Math.max(...values.map(textWidth));
  return `${adjoin(3, [labels, values.map((v) => padStart(v, width))])}\n${footer}`;
}
