/** The shape of a grid laid out row by row: `count` cells, `columns` per row. */
export interface GridShape {
  readonly count: number;
  readonly columns: number;
  /** Rows that fit in the view, for Page Up / Page Down. */
  readonly pageRows: number;
}

/**
 * Where focus goes in a grid on a key press, following the WAI-ARIA grid pattern
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): arrows move one cell and stop at the edges
 * (no wrapping), Home/End go to the ends of the row, Ctrl+Home/End to the first and last
 * cell, Page Up/Down move by a screenful of rows.
 *
 * @returns the new position, or null when the key is not a grid key (let the browser have it)
 */
export function gridMove(position: number, key: string, ctrl: boolean, shape: GridShape): number | null {
  const { count, columns, pageRows } = shape;
  if (count === 0) return null;
  const last = count - 1;
  const rowStart = position - (position % columns);
  const within = (next: number) => (next >= 0 && next <= last ? next : position);
  switch (key) {
    case 'ArrowRight':
      return position % columns === columns - 1 ? position : within(position + 1);
    case 'ArrowLeft':
      return position % columns === 0 ? position : within(position - 1);
    case 'ArrowDown':
      return within(position + columns);
    case 'ArrowUp':
      return within(position - columns);
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? last : Math.min(rowStart + columns - 1, last);
    case 'PageDown': {
      const next = position + columns * Math.max(1, pageRows);
      // Past the end: the last row, same column when it has one.
      return next <= last ? next : Math.min(last, last - (last % columns) + (position % columns));
    }
    case 'PageUp': {
      const next = position - columns * Math.max(1, pageRows);
      return next >= 0 ? next : position % columns;
    }
    default:
      return null;
  }
}
