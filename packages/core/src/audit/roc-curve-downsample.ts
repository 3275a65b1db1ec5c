import { SnowblindError } from '../errors.js';
import type { RocCurve } from './roc-curve.js';

/**
 * At most `maxPoints` points of a ROC curve for drawing, keeping the corners that shape it
 * (Visvalingam–Whyatt line simplification).
 *
 * Every interior point spans a triangle with its two neighbours. The point whose triangle has
 * the least area is removed, its neighbours' triangles are recomputed, and so on until
 * `maxPoints` remain. Removing a point changes the trapezoidal area under the polyline by
 * exactly its triangle's area, so the smallest wiggles go first and the big corners (where the
 * curve turns) stay; the total change in AUROC is at most the sum of the removed areas. The two
 * ends, (0, 0, +∞) and (1, 1), are always kept, and the kept points are returned in their
 * original order with their original thresholds. Ties in area go to the earlier point, so the
 * result is deterministic. A curve with at most `maxPoints` points is returned as is.
 *
 * @param curve - a curve from {@link rocCurve}.
 * @param maxPoints - how many points to keep at most; an integer ≥ 2.
 * @throws SnowblindError `BAD_INPUT` when `maxPoints` is not an integer ≥ 2.
 * @see Visvalingam & Whyatt 1993, "Line generalisation by repeated elimination of points",
 *   https://doi.org/10.1179/000870493786962263
 */
export function downsampleRocCurve(curve: RocCurve, maxPoints: number): RocCurve {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new SnowblindError(
      'BAD_INPUT',
      `downsampleRocCurve: maxPoints must be an integer ≥ 2, got ${maxPoints}`,
    );
  }
  const n = curve.fpr.length;
  if (n <= maxPoints) return curve;
  const prev = Int32Array.from({ length: n }, (_, i) => i - 1);
  const next = Int32Array.from({ length: n }, (_, i) => i + 1);
  const area = new Float64Array(n);
  const removed = new Uint8Array(n);
  const heap = new AreaHeap(area);
  const triangle = (i: number) => {
    const p = prev[i]!;
    const q = next[i]!;
    const { fpr: x, tpr: y } = curve;
    return Math.abs((x[p]! - x[i]!) * (y[q]! - y[i]!) - (x[q]! - x[i]!) * (y[p]! - y[i]!)) / 2;
  };
  for (let i = 1; i < n - 1; i++) {
    area[i] = triangle(i);
    heap.push(i);
  }
  for (let left = n; left > maxPoints; left--) {
    const i = heap.popValid(removed);
    removed[i] = 1;
    const p = prev[i]!;
    const q = next[i]!;
    next[p] = q;
    prev[q] = p;
    for (const j of [p, q]) {
      if (j === 0 || j === n - 1) continue;
      area[j] = triangle(j);
      heap.push(j); // the stale entry for j is skipped when popped (its area no longer matches)
    }
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!removed[i]) keep.push(i);
  return {
    fpr: keep.map((i) => curve.fpr[i]!),
    tpr: keep.map((i) => curve.tpr[i]!),
    thresholds: keep.map((i) => curve.thresholds[i]!),
  };
}

/** A binary min-heap of (area, index) entries with lazy deletion of stale ones. */
class AreaHeap {
  private readonly entries: [area: number, index: number][] = [];

  constructor(private readonly area: Float64Array) {}

  push(index: number): void {
    const e = this.entries;
    e.push([this.area[index]!, index]);
    let i = e.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(e[i]!, e[parent]!)) break;
      [e[i], e[parent]] = [e[parent]!, e[i]!];
      i = parent;
    }
  }

  /** The entry with the least area whose point is still there and whose area is current. */
  popValid(removed: Uint8Array): number {
    for (;;) {
      const [area, index] = this.pop();
      if (!removed[index] && area === this.area[index]) return index;
    }
  }

  private pop(): [number, number] {
    const e = this.entries;
    const top = e[0]!;
    const last = e.pop()!;
    if (e.length > 0) {
      e[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < e.length && less(e[l]!, e[m]!)) m = l;
        if (r < e.length && less(e[r]!, e[m]!)) m = r;
        if (m === i) break;
        [e[i], e[m]] = [e[m]!, e[i]!];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
