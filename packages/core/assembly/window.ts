// The values a byte sink's caller will read: rows [top, bottom) of `row` values each, and in
// those rows the values [left, right). The rest may be skipped (left unwritten): an audit crops
// 224 × 224 out of 256 × 256 noise, so about a quarter of the normals need no log at all.
// Module globals, not an object: the kernel runs without a garbage collector.
import { WIN_BOTTOM, WIN_LEFT, WIN_RIGHT, WIN_ROW, WIN_TOP } from './layout';

let row: i32 = 1;
let top: i32 = 0;
let bottom: i32 = 0;
let left: i32 = 0;
let right: i32 = 0;
let end: i32 = 0;
/** Row of the last index asked and the index where it starts (indices only grow). */
let current: i32 = 0;
let rowStart: i32 = 0;

/** Reads the window of a request of n values from the state block. */
export function loadWindow(n: i32): void {
  row = load<i32>(WIN_ROW);
  top = load<i32>(WIN_TOP);
  bottom = load<i32>(WIN_BOTTOM);
  left = load<i32>(WIN_LEFT);
  right = load<i32>(WIN_RIGHT);
  end = n;
  current = 0;
  rowStart = 0;
}

/** i itself when value i is needed, else the end of the unneeded run that holds it. */
@inline
export function unneededFrom(i: i32): i32 {
  while (i - rowStart >= row) {
    rowStart += row;
    current++;
  }
  const c = i - rowStart;
  if (current < top) return top * row + left;
  if (current >= bottom) return end;
  if (c < left) return rowStart + left;
  if (c < right) return i;
  return current + 1 < bottom ? rowStart + row + left : end;
}
