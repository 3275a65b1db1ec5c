import { numpyArgsortQuick } from './numpy-argsort.js';

/** One row of {@link labelCounts}. */
export interface LabelCount {
  readonly label: string;
  readonly count: number;
}

/**
 * pandas `Series.value_counts()` of string labels: each distinct label with its count, most
 * frequent first, in exactly the order pandas 1.5 prints.
 *
 * @remarks
 * Ties are NOT simply in first-occurrence order. pandas counts with a hash table that keeps
 * first-occurrence order, then sorts descending with `sort_values(kind='quicksort')`, i.e.
 * `nargsort`: reverse, numpy's unstable introsort argsort, reverse again. Up to 17 distinct
 * labels numpy falls back to insertion sort, which is stable, so ties come out in
 * first-occurrence order (`b a b a c` → b 2, a 2, c 1). With more distinct labels the
 * partitioning shuffles ties (26 letters twice plus one more `q`: q 3, a 2, b 2, y 2, x 2, …,
 * c 2, z 2). This function replays numpy's algorithm, so it matches pandas in both regimes
 * (checked against pandas on the fixtures of `tools/fixtures/pandas_describe.py`).
 */
export function labelCounts(labels: Iterable<string>): LabelCount[] {
  const counter = new LabelCounter();
  for (const label of labels) counter.add(label);
  return counter.result();
}

/** Streaming {@link labelCounts}: add labels one by one, read pandas' order at the end. */
export class LabelCounter {
  // A Map iterates in insertion order: the first-occurrence order of pandas' hash table.
  readonly #counts = new Map<string, number>();
  #total = 0;

  /** Count one occurrence of `label` (or `times` occurrences). */
  add(label: string, times = 1): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + times);
    this.#total += times;
  }

  /** Number of labels added. */
  get total(): number {
    return this.#total;
  }

  /** Number of distinct labels. */
  get distinct(): number {
    return this.#counts.size;
  }

  /** Counts in pandas `value_counts()` order. */
  result(): LabelCount[] {
    const keys = [...this.#counts.keys()];
    const counts = keys.map((k) => this.#counts.get(k)!);
    // pandas nargsort(ascending=False): reverse, argsort ascending, map back, reverse.
    const n = keys.length;
    const reversed = counts.slice().reverse();
    const order = numpyArgsortQuick(reversed);
    const out: LabelCount[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const original = n - 1 - order[n - 1 - i]!;
      out[i] = { label: keys[original]!, count: counts[original]! };
    }
    return out;
  }
}
