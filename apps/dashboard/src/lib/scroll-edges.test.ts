import { describe, expect, it } from 'vitest';
import { scrollEdges } from './scroll-edges.js';

describe('scrollEdges', () => {
  it('hides nothing when the content fits, within a pixel of rounding', () => {
    expect(scrollEdges({ scrollLeft: 0, clientWidth: 600, scrollWidth: 600 })).toEqual({
      left: false,
      right: false,
    });
    expect(scrollEdges({ scrollLeft: 0, clientWidth: 600, scrollWidth: 601 })).toEqual({
      left: false,
      right: false,
    });
  });

  it('names the hidden side at the start, in the middle and at the end', () => {
    const box = { clientWidth: 350, scrollWidth: 700 };
    expect(scrollEdges({ ...box, scrollLeft: 0 })).toEqual({ left: false, right: true });
    expect(scrollEdges({ ...box, scrollLeft: 120 })).toEqual({ left: true, right: true });
    expect(scrollEdges({ ...box, scrollLeft: 350 })).toEqual({ left: true, right: false });
    // Scrolled to the end but for a fraction of a pixel: the end counts as reached.
    expect(scrollEdges({ ...box, scrollLeft: 349.5 })).toEqual({ left: true, right: false });
  });
});
