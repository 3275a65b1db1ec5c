/** What the grid needs to sort and filter one classified noise image. */
export interface SampleSummary {
  readonly index: number;
  readonly label: string;
  /** Top-1 confidence. */
  readonly score: number;
}

/** Orders of the sample grid. */
export const SAMPLE_SORTS = ['index', 'score-desc', 'score-asc'] as const;

/** Order of the sample grid. */
export type SampleSort = (typeof SAMPLE_SORTS)[number];

/** Which samples the grid shows: one top-1 label (null: any) at a confidence of at least `minScore`. */
export interface SampleFilter {
  readonly label: string | null;
  readonly minScore: number;
}

/** No filter: every sample. */
export const NO_FILTER: SampleFilter = { label: null, minScore: 0 };

/** Whether the grid is in plain index order with nothing filtered out. */
export function isPlainOrder(sort: SampleSort, filter: SampleFilter): boolean {
  return sort === 'index' && filter.label === null && filter.minScore <= 0;
}

/**
 * The samples the grid shows, in its order: filtered by label and least confidence, then sorted
 * by confidence (ties by index, so the order is stable) or left in index order.
 */
export function arrangeSamples(
  samples: readonly SampleSummary[],
  sort: SampleSort,
  filter: SampleFilter,
): SampleSummary[] {
  const kept = samples.filter(
    (s) => (filter.label === null || s.label === filter.label) && s.score >= filter.minScore,
  );
  if (sort === 'index') return kept.sort((a, b) => a.index - b.index);
  const sign = sort === 'score-desc' ? -1 : 1;
  return kept.sort((a, b) => sign * (a.score - b.score) || a.index - b.index);
}

/** Every top-1 label among `samples` with how often it occurs, most frequent first (ties by name). */
export function labelTally(samples: readonly SampleSummary[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
