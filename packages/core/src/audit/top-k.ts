import { SnowblindError } from '../errors.js';

/** The `k` largest entries of one row, best first. */
export interface TopK {
  /** Class indices, best first. */
  readonly indices: number[];
  /** The matching values. */
  readonly scores: number[];
}

/**
 * The `k` largest values of a row (or of each row of an `n × classes` matrix), sorted
 * descending, like `torch.topk(x, k, sorted=True)`.
 *
 * @remarks
 * Ties are broken by the lower index, so the result is fully deterministic; torch leaves tie
 * order unspecified (it differs between CPU and CUDA). `NaN` ranks above every number, as in
 * torch. `k` larger than the row is clamped to the row length.
 */
export function topK(row: ArrayLike<number>, k: number): TopK;
export function topK(values: ArrayLike<number>, n: number, classes: number, k: number): TopK[];
export function topK(values: ArrayLike<number>, a: number, classes?: number, k?: number): TopK | TopK[] {
  if (classes === undefined || k === undefined) return topKRow(values, 0, values.length, a);
  if (values.length < a * classes) {
    throw new SnowblindError('BAD_INPUT', `topK: expected ${a}×${classes} values, got ${values.length}`);
  }
  const rows: TopK[] = new Array(a);
  for (let r = 0; r < a; r++) rows[r] = topKRow(values, r * classes, classes, k);
  return rows;
}

/** NaN first, then larger first, then lower index first. */
function better(a: number, ia: number, b: number, ib: number): boolean {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an !== bn) return an;
  if (!an && a !== b) return a > b;
  return ia < ib;
}

/**
 * Top-k of `values[offset .. offset+length)`; indices are relative to `offset`.
 * Insertion into a sorted k-list: O(length·k), the fast path for the small k audits use.
 * @internal
 */
export function topKRow(values: ArrayLike<number>, offset: number, length: number, k: number): TopK {
  if (!Number.isInteger(k) || k < 1)
    throw new SnowblindError('BAD_INPUT', `topK: k must be an integer ≥ 1, got ${k}`);
  const size = Math.min(k, length);
  const indices: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < length; i++) {
    const v = values[offset + i]!;
    if (indices.length === size && !better(v, i, scores[size - 1]!, indices[size - 1]!)) continue;
    let p = indices.length === size ? size - 1 : indices.length;
    while (p > 0 && better(v, i, scores[p - 1]!, indices[p - 1]!)) {
      scores[p] = scores[p - 1]!;
      indices[p] = indices[p - 1]!;
      p--;
    }
    scores[p] = v;
    indices[p] = i;
  }
  return { indices, scores };
}
