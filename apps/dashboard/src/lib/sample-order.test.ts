import { describe, expect, it } from 'vitest';
import { arrangeSamples, isPlainOrder, labelTally, NO_FILTER, type SampleSummary } from './sample-order.js';

const samples: SampleSummary[] = [
  { index: 0, label: 'Bag', score: 0.4 },
  { index: 1, label: 'Shirt', score: 0.97 },
  { index: 2, label: 'Bag', score: 0.99 },
  { index: 3, label: 'Bag', score: 0.4 },
  { index: 4, label: 'Sandal', score: 0.2 },
];
const order = (list: SampleSummary[]) => list.map((s) => s.index);

describe('arrangeSamples', () => {
  it('sorts by confidence either way, ties in index order', () => {
    expect(order(arrangeSamples(samples, 'score-desc', NO_FILTER))).toEqual([2, 1, 0, 3, 4]);
    expect(order(arrangeSamples(samples, 'score-asc', NO_FILTER))).toEqual([4, 0, 3, 1, 2]);
    expect(order(arrangeSamples([...samples].reverse(), 'index', NO_FILTER))).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps one label and confidences at or above the threshold', () => {
    expect(order(arrangeSamples(samples, 'index', { label: 'Bag', minScore: 0 }))).toEqual([0, 2, 3]);
    expect(order(arrangeSamples(samples, 'score-asc', { label: null, minScore: 0.4 }))).toEqual([0, 3, 1, 2]);
    expect(order(arrangeSamples(samples, 'score-desc', { label: 'Bag', minScore: 0.9 }))).toEqual([2]);
    expect(arrangeSamples(samples, 'index', { label: 'Coat', minScore: 0 })).toEqual([]);
  });

  it('leaves its input alone', () => {
    const copy = [...samples];
    arrangeSamples(samples, 'score-desc', NO_FILTER);
    expect(samples).toEqual(copy);
  });
});

describe('labelTally and isPlainOrder', () => {
  it('counts labels, most frequent first, ties by name', () => {
    expect(labelTally(samples)).toEqual([
      { label: 'Bag', count: 3 },
      { label: 'Sandal', count: 1 },
      { label: 'Shirt', count: 1 },
    ]);
  });

  it('is plain only in index order with no filter', () => {
    expect(isPlainOrder('index', NO_FILTER)).toBe(true);
    expect(isPlainOrder('score-desc', NO_FILTER)).toBe(false);
    expect(isPlainOrder('index', { label: 'Bag', minScore: 0 })).toBe(false);
    expect(isPlainOrder('index', { label: null, minScore: 0.5 })).toBe(false);
  });
});
