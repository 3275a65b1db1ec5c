/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, AA on white. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6D00', '#3C8DBC', '#000000'] as const;

/** The chart colour of series `i` (cycles). */
export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
