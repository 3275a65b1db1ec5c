import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { LabelCounter, labelCounts } from './label-counts.js';
import { numpyArgsortQuick } from './numpy-argsort.js';

interface Fixture {
  valueCounts: { name: string; labels: string[]; counts: [string, number][] }[];
}
const fixture = readFixture<Fixture>('audit', 'pandas-describe.json');

describe('labelCounts() against pandas 1.5 value_counts()', () => {
  for (const c of fixture.valueCounts) {
    it(`${c.name} (${c.labels.length} labels)`, () => {
      const got = labelCounts(c.labels).map((r) => [r.label, r.count]);
      expect(got).toEqual(c.counts);
    });
  }

  it('small ties keep first-occurrence order', () => {
    expect(labelCounts(['b', 'a', 'b', 'a', 'c'])).toEqual([
      { label: 'b', count: 2 },
      { label: 'a', count: 2 },
      { label: 'c', count: 1 },
    ]);
  });

  it('many ties come out in numpy quicksort order, not first occurrence', () => {
    const labels = [...'abcdefghijklmnopqrstuvwxyz', ...'abcdefghijklmnopqrstuvwxyz', 'q'];
    expect(
      labelCounts(labels)
        .map((r) => r.label)
        .join(''),
    ).toBe('qabyxwvutsrponmlkjihgfedcz');
  });

  it('accepts any iterable and an empty one', () => {
    expect(labelCounts(new Set(['x']))).toEqual([{ label: 'x', count: 1 }]);
    expect(labelCounts([])).toEqual([]);
  });
});

describe('LabelCounter', () => {
  it('streams to the same result and tracks totals', () => {
    const c = new LabelCounter();
    c.add('stole');
    c.add('jellyfish', 3);
    c.add('stole');
    expect(c.total).toBe(5);
    expect(c.distinct).toBe(2);
    expect(c.result()).toEqual(labelCounts(['stole', 'jellyfish', 'jellyfish', 'jellyfish', 'stole']));
  });
});

describe('numpyArgsortQuick', () => {
  it('sorts ascending for any input, including the heap-sort fallback path', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const n of [0, 1, 2, 17, 18, 100, 1000]) {
      const keys = Array.from({ length: n }, () => Math.floor(rand() * 5));
      const order = numpyArgsortQuick(keys);
      expect([...order].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
      for (let i = 1; i < n; i++) expect(keys[order[i]!]!).toBeGreaterThanOrEqual(keys[order[i - 1]!]!);
    }
  });
});
