/** `#rgb` or `#rrggbb` as three channels in 0–255. */
function channels(hex: string): [number, number, number] {
  const m = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rgb or #rrggbb colour: ${hex}`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white); text needs at
 * least 4.5 (AA). See https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio.
 */
export function contrastRatio(foreground: string, background: string): number {
  const [hi, lo] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a);
  return (hi! + 0.05) / (lo! + 0.05);
}
