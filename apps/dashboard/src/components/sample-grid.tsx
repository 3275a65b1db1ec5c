import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Audit, Sample } from '../graphql/types.js';
import { useElementWidth } from '../hooks/use-element-width.js';
import { useGridView } from '../hooks/use-grid-view.js';
import { useSamplePages } from '../hooks/use-sample-pages.js';
import { useSampleSummaries } from '../hooks/use-sample-summaries.js';
import { runName } from '../lib/format.js';
import { gridMove } from '../lib/grid-keys.js';
import { noiseImageUrl } from '../lib/noise-image-url.js';
import { arrangeSamples, isPlainOrder, labelTally, type SampleSort } from '../lib/sample-order.js';
import { ErrorList } from './error-list.js';
import { SampleGridControls } from './sample-grid-controls.js';
import { SampleTile } from './sample-tile.js';

const TILE_WIDTH = 132;
const ROW_HEIGHT = 176;

const SORT_WORDS: Record<SampleSort, string> = {
  index: 'in index order',
  'score-desc': 'most confident first',
  'score-asc': 'least confident first',
};

/**
 * Every noise sample of a run in a virtualized grid (only the rows in view are in the DOM, so
 * a 100k-image audit scrolls like a 100-image one), sortable by confidence and filtered by label
 * and least confidence, so the most convincing noise is one click away. It is one keyboard
 * widget (WAI-ARIA grid): one Tab stop, arrow keys, Home/End, Page Up/Down; Enter opens a sample.
 */
export function SampleGrid({ audit }: { audit: Audit }) {
  const helpId = useId();
  const { run, setRun, sort, setSort, filter, setFilter } = useGridView(audit.runs[0]?.index ?? 0);
  const [wantedPosition, setActive] = useState(0);
  const focusActive = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const columns = Math.max(2, Math.floor(width / TILE_WIDTH));
  const selected = audit.runs.find((r) => r.index === run);
  // A cancelled or interrupted audit has fewer classified images than it asked for.
  const count = selected?.describe.count ?? audit.count;
  const summaries = useSampleSummaries(audit.id, count, audit.runs.length);
  const runSummaries = summaries.runs?.get(run) ?? null;
  const plain = isPlainOrder(sort, filter);
  const arranged = useMemo(
    () => (plain || !runSummaries ? null : arrangeSamples(runSummaries, sort, filter)),
    [plain, runSummaries, sort, filter],
  );
  const labels = useMemo(
    () => (runSummaries ? labelTally(runSummaries) : (selected?.labelCounts ?? [])),
    [runSummaries, selected],
  );
  // Index order shows every image; a sort or filter waits for the labels and confidences.
  const shown = plain ? count : (arranged?.length ?? 0);
  const rows = Math.ceil(shown / columns);
  const { sample, ensure } = useSamplePages(audit.id);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 2,
  });
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    // Index order pages through the images in view; sorted views need one image URL per run.
    if (count > 0)
      ensure(plain ? firstRow * columns : 0, plain ? Math.min(count - 1, (lastRow + 1) * columns - 1) : 0);
  }, [ensure, plain, firstRow, lastRow, columns, count]);

  // A new run, order or filter starts again at the first tile.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reset is the reaction to these
  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
  }, [run, sort, filter]);

  const active = Math.min(wantedPosition, Math.max(0, shown - 1));
  // biome-ignore lint/correctness/useExhaustiveDependencies: rendered rows change with items
  useEffect(() => {
    if (!focusActive.current) return;
    const tile = scrollRef.current?.querySelector<HTMLElement>(`[data-position="${active}"]`);
    if (tile) {
      focusActive.current = false;
      tile.focus({ preventScroll: true });
    }
  }, [active, items]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT));
    const next = gridMove(active, event.key, event.ctrlKey || event.metaKey, {
      count: shown,
      columns,
      pageRows,
    });
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    focusActive.current = true;
    virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
  };

  const tileAt = (position: number): { index: number; sample: Sample | undefined } => {
    if (!arranged) return { index: position, sample: sample(run, position) };
    const summary = arranged[position]!;
    const known = sample(run, 0)?.imageUrl;
    return {
      index: summary.index,
      sample: known ? { ...summary, imageUrl: noiseImageUrl(known, summary.index) } : undefined,
    };
  };

  const what = selected ? runName(selected) : 'the run';
  const capped = summaries.total < count;
  const status = plain
    ? `${count.toLocaleString('en')} samples in index order`
    : summaries.errors.length > 0
      ? 'Could not read the confidences to sort or filter by'
      : !arranged
        ? `Reading labels and confidences… ${summaries.loaded.toLocaleString('en')} of ${summaries.total.toLocaleString('en')}`
        : `${shown.toLocaleString('en')} of ${(capped ? summaries.total : count).toLocaleString('en')} samples${capped ? ` (the first ${summaries.total.toLocaleString('en')} of ${count.toLocaleString('en')}: the API cannot sort, so larger runs are sorted over these)` : ''}, ${SORT_WORDS[sort]}`;

  return (
    <>
      <SampleGridControls
        runs={audit.runs}
        run={run}
        onRun={setRun}
        sort={sort}
        onSort={setSort}
        filter={filter}
        onFilter={setFilter}
        labels={labels}
      />
      <p className="muted" role="status">
        {status}
      </p>
      {plain ? null : <ErrorList errors={summaries.errors} />}
      <p id={helpId} className="sr-only">
        Arrow keys move between samples, Home and End to the ends of a row, Page Up and Page Down by a
        screenful; Enter opens the sample.
      </p>
      <div ref={scrollRef} className="sample-scroll">
        {/* biome-ignore lint/a11y/useSemanticElements: virtualized rows are absolutely placed, which table layout does not allow */}
        <div
          role="grid"
          className="sample-rows"
          aria-label={`Noise samples of ${what}, ${SORT_WORDS[sort]}`}
          aria-describedby={helpId}
          aria-rowcount={rows}
          aria-colcount={columns}
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onKeyDown}
          onFocus={(event) => {
            const position = (event.target as HTMLElement).dataset['position'];
            if (position !== undefined) setActive(Number(position));
          }}
        >
          {items.map((row) => (
            // biome-ignore lint/a11y/useSemanticElements: see the grid
            // biome-ignore lint/a11y/useFocusableInteractive: the grid pattern focuses the tiles, not rows
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="sample-row sample-row-tiles"
              style={{
                transform: `translateY(${row.start}px)`,
                height: ROW_HEIGHT,
                gridTemplateColumns: `repeat(${columns}, 1fr)`,
              }}
            >
              {Array.from({ length: columns }, (_, c) => row.index * columns + c)
                .filter((p) => p < shown)
                .map((position) => {
                  const { index, sample: s } = tileAt(position);
                  return (
                    // biome-ignore lint/a11y/useSemanticElements: see the grid
                    // biome-ignore lint/a11y/useFocusableInteractive: the tile link inside is the focusable element (APG grid pattern)
                    <div key={position} role="gridcell" aria-colindex={(position % columns) + 1}>
                      <SampleTile
                        auditId={audit.id}
                        run={run}
                        index={index}
                        sample={s}
                        position={position}
                        tabIndex={position === active ? 0 : -1}
                      />
                    </div>
                  );
                })}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}
