import { describe, expect, it } from 'vitest';
import { fitLabel } from './fit-label.js';

// Every character 6 px wide, the ellipsis too.
const measure = (text: string) => [...text].length * 6;

describe('fitLabel', () => {
  it('keeps a label that fits, spaces and commas included', () => {
    expect(fitLabel('wing, airplane', 14 * 6, measure)).toBe('wing, airplane');
  });

  it('cuts a long label to the longest prefix that fits with its ellipsis', () => {
    const label = 'German short-haired pointer';
    const fitted = fitLabel(label, 100, measure);
    expect(fitted).toBe('German short-ha…');
    expect(measure(fitted)).toBeLessThanOrEqual(100);
    expect(measure(`${label.slice(0, 16)}…`)).toBeGreaterThan(100);
  });

  it('drops a trailing separator before the ellipsis', () => {
    // "dragonfly, d…" would fit at 13 characters; the cut falls after the comma at 11.
    expect(fitLabel('dragonfly, darning needle', 11 * 6, measure)).toBe('dragonfly…');
  });

  it('gives an ellipsis alone when nothing else fits', () => {
    expect(fitLabel('kimono', 6, measure)).toBe('…');
  });
});
