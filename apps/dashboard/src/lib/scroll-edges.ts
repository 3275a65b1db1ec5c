/** Which sides of a sideways-scrolling box hide content: what its edge shadows show. */
export interface ScrollEdges {
  /** Content hidden to the left (scrolled away from the start). */
  readonly left: boolean;
  /** Content hidden to the right. */
  readonly right: boolean;
}

/**
 * The hidden sides of a box from its scroll geometry. A pixel of slack absorbs the fractional
 * widths browsers round (a table 600.4 px wide in a 600 px box does not scroll).
 */
export function scrollEdges(box: {
  scrollLeft: number;
  clientWidth: number;
  scrollWidth: number;
}): ScrollEdges {
  const hidden = box.scrollWidth - box.clientWidth;
  if (hidden <= 1) return { left: false, right: false };
  return { left: box.scrollLeft > 1, right: box.scrollLeft < hidden - 1 };
}
