/** Width in pixels of a text in some font. */
export type MeasureText = (text: string) => number;

/**
 * A label cut to fit `maxWidth` pixels, ending in an ellipsis when cut ("German short-haired
 * poi…"); the whole label when it fits. The longest prefix that fits is found by bisection,
 * trailing spaces and commas trimmed before the ellipsis.
 */
export function fitLabel(label: string, maxWidth: number, measure: MeasureText): string {
  if (measure(label) <= maxWidth) return label;
  const chars = [...label];
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars
    .slice(0, lo)
    .join('')
    .replace(/[\s,;]+$/, '')}…`;
}

let context: CanvasRenderingContext2D | null | undefined;

/**
 * A text measurer for `font` (CSS shorthand, "12px system-ui"): the browser's canvas metrics,
 * or 0.6 em per character where there is no canvas (tests). Wide enough for most labels either way.
 */
export function canvasMeasure(font: string): MeasureText {
  if (context === undefined) {
    try {
      context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
  }
  const ctx = context;
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  if (!ctx) return (text) => text.length * px * 0.6;
  return (text) => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
}
