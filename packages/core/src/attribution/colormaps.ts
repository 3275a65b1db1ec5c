import { SnowblindError } from '../errors.js';

/** A colormap: 256 RGB entries indexed like matplotlib's. */
export interface Colormap {
  readonly name: string;
  /** 256 × 3 bytes. */
  readonly lut: Uint8Array;
}

/** A color: `#rrggbb`, or red, green, blue in [0, 1]. */
export type Color = string | readonly [number, number, number];

/** A color stop: a position in [0, 1] and its color. */
export type ColorStop = readonly [position: number, color: Color];

const LUT_SIZE = 256;

function parseColor(color: Color): readonly [number, number, number] {
  if (typeof color !== 'string') return color;
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
  const colors = stops.map(([, c]) => parseColor(c));
  const lut = new Uint8Array(LUT_SIZE * 3);
  // Same arithmetic as matplotlib's _create_lookup_table, in index units, so that bytes agree
  // exactly at the truncation boundaries.
  const anchors = stops.map(([position]) => position * (LUT_SIZE - 1));
  for (let i = 0; i < LUT_SIZE; i++) {
    const xind = (LUT_SIZE - 1) * (i * (1 / (LUT_SIZE - 1)));
    let rgb: readonly number[];
    if (i === 0) rgb = colors[0]!;
    else if (i === LUT_SIZE - 1) rgb = colors[colors.length - 1]!;
    else {
      // numpy searchsorted (left): the first anchor ≥ xind.
      let k = 0;
      while (anchors[k]! < xind) k++;
      const distance = (xind - anchors[k - 1]!) / (anchors[k]! - anchors[k - 1]!);
      rgb = [0, 1, 2].map((ch) => distance * (colors[k]![ch]! - colors[k - 1]![ch]!) + colors[k - 1]![ch]!);
    }
    for (let ch = 0; ch < 3; ch++) lut[i * 3 + ch] = Math.floor(Math.min(1, Math.max(0, rgb[ch]!)) * 255);
  }
  return { name, lut };
}

/** Equally spaced stops, as `from_list` places a bare color list. */
function evenly(name: string, colors: readonly Color[]): Colormap {
  return colormapFromStops(
    name,
    colors.map((c, i) => [i / (colors.length - 1), c] as const),
  );
}

// ColorBrewer's 9-class sequential schemes with the float anchors matplotlib's `_cm.py` lists
// (a few differ from hex/255 in the last bit, which decides truncated bytes).
/** matplotlib "Greens", Captum's map for `sign: 'positive'`. */
export const GREENS = evenly('Greens', [
  [0.9686274509803922, 0.9882352941176471, 0.9607843137254902],
  [0.8980392156862745, 0.9607843137254902, 0.8784313725490196],
  [0.7803921568627451, 0.9137254901960784, 0.7529411764705882],
  [0.6313725490196078, 0.8509803921568627, 0.6078431372549019],
  [0.4549019607843137, 0.7686274509803922, 0.4627450980392157],
  [0.2549019607843137, 0.6705882352941176, 0.36470588235294116],
  [0.13725490196078433, 0.5450980392156862, 0.27058823529411763],
  [0.0, 0.42745098039215684, 0.17254901960784313],
  [0.0, 0.26666666666666666, 0.10588235294117647],
]);
/** matplotlib "Reds", Captum's map for `sign: 'negative'`. */
export const REDS = evenly('Reds', [
  [1.0, 0.9607843137254902, 0.9411764705882353],
  [0.996078431372549, 0.8784313725490196, 0.8235294117647058],
  [0.9882352941176471, 0.7333333333333333, 0.6313725490196078],
  [0.9882352941176471, 0.5725490196078431, 0.4470588235294118],
  [0.984313725490196, 0.41568627450980394, 0.2901960784313726],
  [0.9372549019607843, 0.23137254901960785, 0.17254901960784313],
  [0.796078431372549, 0.09411764705882353, 0.11372549019607843],
  [0.6470588235294118, 0.058823529411764705, 0.08235294117647057],
  [0.403921568627451, 0.0, 0.05098039215686274],
]);
/** matplotlib "Blues", Captum's map for `sign: 'absolute_value'`. */
export const BLUES = evenly('Blues', [
  [0.9686274509803922, 0.984313725490196, 1.0],
  [0.8705882352941177, 0.9215686274509803, 0.9686274509803922],
  [0.7764705882352941, 0.8588235294117647, 0.9372549019607843],
  [0.6196078431372549, 0.792156862745098, 0.8823529411764706],
  [0.4196078431372549, 0.6823529411764706, 0.8392156862745098],
  [0.25882352941176473, 0.5725490196078431, 0.7764705882352941],
  [0.12941176470588237, 0.44313725490196076, 0.7098039215686275],
  [0.03137254901960784, 0.3176470588235294, 0.611764705882353],
  [0.03137254901960784, 0.18823529411764706, 0.4196078431372549],
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
