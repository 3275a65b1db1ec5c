import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import type { Audit } from '../graphql/types.js';
import { useElementWidth } from '../hooks/use-element-width.js';
import { useSamplePages } from '../hooks/use-sample-pages.js';
import { runName } from '../lib/format.js';
import { SampleTile } from './sample-tile.js';

const TILE_WIDTH = 132;
const ROW_HEIGHT = 176;

/**
 * Every noise sample of a run in a virtualized grid (only the rows in view are in the DOM, so
 * a 100k-image audit scrolls like a 100-image one); each tile links to the sample view.
 */
export function SampleGrid({ audit }: { audit: Audit }) {
  const selectId = useId();
  const [run, setRun] = useState(audit.runs[0]?.index ?? 0);
  const scrollRef = useRef<HTMLElement>(null);
  const width = useElementWidth(scrollRef);
  const columns = Math.max(2, Math.floor(width / TILE_WIDTH));
  const selected = audit.runs.find((r) => r.index === run);
  // A cancelled or interrupted audit has fewer classified images than it asked for.
  const count = selected?.describe.count ?? audit.count;
  const rows = Math.ceil(count / columns);
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
    if (count > 0) ensure(firstRow * columns, Math.min(count - 1, (lastRow + 1) * columns - 1));
  }, [ensure, firstRow, lastRow, columns, count]);

  return (
    <>
      {audit.runs.length > 1 ? (
        <div className="field inline">
          <label htmlFor={selectId}>Run</label>
          <select id={selectId} value={run} onChange={(e) => setRun(Number(e.target.value))}>
            {audit.runs.map((r) => (
              <option key={r.index} value={r.index}>
                {runName(r)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <section
        ref={scrollRef}
        className="sample-scroll"
        aria-label={`${count} noise samples of ${selected ? runName(selected) : 'the run'}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        <ul className="sample-rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((row) => (
            <li
              key={row.key}
              className="sample-row"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
            >
              <ul className="sample-row-tiles" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
                {Array.from({ length: columns }, (_, c) => row.index * columns + c)
                  .filter((i) => i < count)
                  .map((i) => (
                    <li key={i}>
                      <SampleTile auditId={audit.id} run={run} index={i} sample={sample(run, i)} />
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
