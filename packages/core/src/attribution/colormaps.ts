import { SnowblindError } from '../errors.js';

/** A colormap: 256 RGB entries indexed like matplotlib's. */
export interface Colormap {
  readonly name: string;
  /** 256 × 3 bytes. */
  readonly lut: Uint8Array;
}

/** A color stop: a position in [0, 1] and a `#rrggbb` color. */
export type ColorStop = readonly [position: number, color: string];

const LUT_SIZE = 256;

function parseHex(color: string): [number, number, number] {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!match) throw new SnowblindError('BAD_INPUT', `color "${color}" is not #rrggbb`);
  return [
    Number.parseInt(match[1]!, 16) / 255,
    Number.parseInt(match[2]!, 16) / 255,
    Number.parseInt(match[3]!, 16) / 255,
  ];
}

/**
 * A colormap linearly interpolated between color stops, built like matplotlib's
 * `LinearSegmentedColormap.from_list(name, [(pos, color), …], N=256)`: entry i is the color at
 * i/255, stored as bytes by truncation (matplotlib's `(lut * 255).astype(uint8)`).
 *
 * @example the reference experiment's white→black map:
 * `colormapFromStops('custom', [[0, '#ffffff'], [0.25, '#000000'], [1, '#000000']])`
 */
export function colormapFromStops(name: string, stops: readonly ColorStop[]): Colormap {
  if (stops.length < 2 || stops[0]![0] !== 0 || stops[stops.length - 1]![0] !== 1) {
    throw new SnowblindError('BAD_INPUT', `colormap "${name}" needs at least two stops, from 0 to 1`);
  }
  for (let i = 1; i < stops.length; i++) {
    if (stops[i]![0] < stops[i - 1]![0]) {
      throw new SnowblindError('BAD_INPUT', `colormap "${name}" stop positions must not decrease`);
    }
  }
  const colors = stops.map(([, c]) => parseHex(c));
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const x = i / (LUT_SIZE - 1);
    // The segment containing x; with repeated positions the later stop wins, as in matplotlib.
    let k = 1;
    while (k < stops.length - 1 && stops[k]![0] <= x) k++;
    const x0 = stops[k - 1]![0];
    const x1 = stops[k]![0];
    const t = x1 > x0 ? (x - x0) / (x1 - x0) : 1;
    for (let ch = 0; ch < 3; ch++) {
      const v = colors[k - 1]![ch]! + t * (colors[k]![ch]! - colors[k - 1]![ch]!);
      lut[i * 3 + ch] = Math.floor(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return { name, lut };
}

/** Equally spaced stops, as `from_list` places a bare color list. */
function evenly(name: string, colors: readonly string[]): Colormap {
  return colormapFromStops(
    name,
    colors.map((c, i) => [i / (colors.length - 1), c] as const),
  );
}

/** matplotlib "Greens" (ColorBrewer's 9 anchors), Captum's map for `sign: 'positive'`. */
export const GREENS = evenly('Greens', [
  '#f7fcf5',
  '#e5f5e0',
  '#c7e9c0',
  '#a1d99b',
  '#74c476',
  '#41ab5d',
  '#238b45',
  '#006d2c',
  '#00441b',
]);
/** matplotlib "Reds", Captum's map for `sign: 'negative'`. */
export const REDS = evenly('Reds', [
  '#fff5f0',
  '#fee0d2',
  '#fcbba1',
  '#fc9272',
  '#fb6a4a',
  '#ef3b2c',
  '#cb181d',
  '#a50f15',
  '#67000d',
]);
/** matplotlib "Blues", Captum's map for `sign: 'absolute_value'`. */
export const BLUES = evenly('Blues', [
  '#f7fbff',
  '#deebf7',
  '#c6dbef',
  '#9ecae1',
  '#6baed6',
  '#4292c6',
  '#2171b5',
  '#08519c',
  '#08306b',
]);
/** Captum's "RdWhGn" for `sign: 'all'`: matplotlib red → white → green (#008000). */
export const RED_WHITE_GREEN = evenly('RdWhGn', ['#ff0000', '#ffffff', '#008000']);
/** matplotlib "gray", the background of blended heat maps. */
export const GRAY = evenly('gray', ['#000000', '#ffffff']);

/**
 * Color of `value` under `cmap` normalised to [vmin, vmax], picked as matplotlib does:
 * index ⌊t·256⌋ clamped to [0, 255] (so t = 1 is the last entry). NaN maps to white.
 */
export function colorAt(cmap: Colormap, value: number, vmin: number, vmax: number): [number, number, number] {
  if (Number.isNaN(value)) return [255, 255, 255];
  const t = vmax > vmin ? (value - vmin) / (vmax - vmin) : 0;
  const i = Math.min(LUT_SIZE - 1, Math.max(0, Math.floor(t * LUT_SIZE)));
  return [cmap.lut[i * 3]!, cmap.lut[i * 3 + 1]!, cmap.lut[i * 3 + 2]!];
}
