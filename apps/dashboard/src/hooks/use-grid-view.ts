import { useMemo } from 'react';
import { SAMPLE_SORTS, type SampleFilter, type SampleSort } from '../lib/sample-order.js';
import { useSearchParam } from './use-search-param.js';

/**
 * The sample grid's run, order and filter, kept in the page's query string (`?run=1&sort=score-desc
 * &label=Bag&min=0.9`), so Back from a sample returns to the same view and a link shares it.
 */
export function useGridView(firstRun: number): {
  run: number;
  setRun: (run: number) => void;
  sort: SampleSort;
  setSort: (sort: SampleSort) => void;
  filter: SampleFilter;
  setFilter: (filter: SampleFilter) => void;
} {
  const [runText, setRunText] = useSearchParam('run', String(firstRun));
  const [sortText, setSortText] = useSearchParam('sort', 'index');
  const [label, setLabel] = useSearchParam('label', '');
  const [minText, setMinText] = useSearchParam('min', '0');
  const min = Number(minText);
  const filter = useMemo(
    () => ({
      label: label === '' ? null : label,
      minScore: Number.isFinite(min) ? Math.min(1, Math.max(0, min)) : 0,
    }),
    [label, min],
  );
  const run = Number.parseInt(runText, 10);
  return {
    run: Number.isInteger(run) ? run : firstRun,
    setRun: (next) => setRunText(String(next)),
    sort: (SAMPLE_SORTS as readonly string[]).includes(sortText) ? (sortText as SampleSort) : 'index',
    setSort: setSortText,
    filter,
    setFilter: (next) => {
      setLabel(next.label ?? '');
      setMinText(String(next.minScore));
    },
  };
}
