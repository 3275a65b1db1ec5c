import { type ReactNode, useRef } from 'react';
import { useScrollEdges } from '../hooks/use-scroll-edges.js';

interface Props {
  /** What the table is, for the scrolling region's name ("describe() of the top-1 confidence"). */
  label: string;
  /** One `<table>`. */
  children: ReactNode;
}

/** A scrolling box as a named region in the Tab order, so the arrow keys scroll it. */
const regionProps = (label: string) => ({
  role: 'region',
  'aria-label': `${label} (scrolls sideways)`,
  tabIndex: 0,
});

/**
 * The box every wide table sits in. When the table is wider than the box (a phone), the box
 * scrolls sideways and says so: a shadow on each edge that hides columns, a line "scroll
 * sideways for more columns", and the box becomes a named region in the Tab order so keyboard
 * users can scroll it with the arrow keys. A table that fits gets none of these.
 */
export function ScrollTable({ label, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const edges = useScrollEdges(ref);
  const scrolls = edges.left || edges.right;
  return (
    <>
      <div className="scroll-table" data-hidden-left={edges.left} data-hidden-right={edges.right}>
        <div ref={ref} className="table-wrap" {...(scrolls ? regionProps(label) : {})}>
          {children}
        </div>
      </div>
      {scrolls ? (
        <p className="scroll-hint muted" aria-hidden="true">
          {edges.right ? 'Scroll sideways for more columns →' : '← Scroll back for the first columns'}
        </p>
      ) : null}
    </>
  );
}
