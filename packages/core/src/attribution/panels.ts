import sharp, { type OverlayOptions } from 'sharp';
import { SnowblindError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import { colorAt } from './colormaps.js';
import type { AttributionImage } from './visualize.js';

/** One panel of {@link renderPanels}. */
export interface Panel {
  /** An image from {@link visualizeImageAttr}, or any RGB image (e.g. the original). */
  readonly image: AttributionImage | RgbImage;
  /** Caption drawn above the panel. */
  readonly title?: string;
  /** Draw a colorbar right of the panel (heat maps only). @defaultValue `false` */
  readonly colorbar?: boolean;
}

/** Options of {@link renderPanels}. */
export interface RenderPanelsOptions {
  /**
   * Integer upscaling of every panel (nearest neighbour), so 16×16 or 28×28 maps stay legible.
   * @defaultValue `1`
   */
  readonly scale?: number;
}

const MARGIN = 8;
const TITLE_HEIGHT = 22;
const BAR_GAP = 6;
const BAR_WIDTH = 14;
const LABEL_WIDTH = 40;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function rgbOf(image: RgbImage, scale: number): { data: Uint8Array; width: number; height: number } {
  const { width, height, channels } = image;
  const out = new Uint8Array(width * scale * height * scale * 3);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const src = (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
      const dst = (y * width * scale + x) * 3;
      for (let c = 0; c < 3; c++) out[dst + c] = image.data[src + (channels === 1 ? 0 : c)]!;
    }
  }
  return { data: out, width: width * scale, height: height * scale };
}

/** A vertical colorbar strip: vmax at the top, vmin at the bottom. */
function colorbarStrip(colorbar: NonNullable<AttributionImage['colorbar']>, height: number): Uint8Array {
  const out = new Uint8Array(BAR_WIDTH * height * 3);
  for (let y = 0; y < height; y++) {
    // First row exactly vmax, last row exactly vmin.
    const value = colorbar.vmax - (y / Math.max(1, height - 1)) * (colorbar.vmax - colorbar.vmin);
    const color = colorAt(colorbar.cmap, value, colorbar.vmin, colorbar.vmax);
    for (let x = 0; x < BAR_WIDTH; x++) out.set(color, (y * BAR_WIDTH + x) * 3);
  }
  return out;
}

/**
 * Renders panels side by side into one PNG, like Captum's `visualize_image_attr_multiple`
 * (typically the original image beside its heat map), with optional titles and colorbars.
 * Text is drawn through an SVG overlay (sharp's librsvg), so it needs a system font.
 */
export async function renderPanels(
  panels: readonly Panel[],
  options: RenderPanelsOptions = {},
): Promise<Uint8Array> {
  const scale = options.scale ?? 1;
  if (panels.length === 0) throw new SnowblindError('BAD_INPUT', 'renderPanels needs at least one panel');
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new SnowblindError('BAD_INPUT', `scale must be an integer in [1, 64], got ${scale}`);
  }
  const hasTitles = panels.some((p) => p.title);
  const top = MARGIN + (hasTitles ? TITLE_HEIGHT : 0);
  const layers: OverlayOptions[] = [];
  const texts: string[] = [];
  let left = MARGIN;
  let bottom = top;
  for (const panel of panels) {
    const rgb = rgbOf(panel.image, scale);
    layers.push({
      input: Buffer.from(rgb.data),
      raw: { width: rgb.width, height: rgb.height, channels: 3 },
      left,
      top,
    });
    if (panel.title) {
      texts.push(
        `<text x="${left + rgb.width / 2}" y="${MARGIN + 15}" text-anchor="middle">${escapeXml(panel.title)}</text>`,
      );
    }
    left += rgb.width;
    bottom = Math.max(bottom, top + rgb.height);
    const colorbar = 'colorbar' in panel.image ? panel.image.colorbar : undefined;
    if (panel.colorbar && colorbar) {
      left += BAR_GAP;
      layers.push({
        input: Buffer.from(colorbarStrip(colorbar, rgb.height)),
        raw: { width: BAR_WIDTH, height: rgb.height, channels: 3 },
        left,
        top,
      });
      const labelX = left + BAR_WIDTH + 3;
      const mid = (colorbar.vmin + colorbar.vmax) / 2;
      texts.push(`<text x="${labelX}" y="${top + 10}">${colorbar.vmax}</text>`);
      texts.push(`<text x="${labelX}" y="${top + rgb.height / 2 + 4}">${mid}</text>`);
      texts.push(`<text x="${labelX}" y="${top + rgb.height}">${colorbar.vmin}</text>`);
      left += BAR_WIDTH + LABEL_WIDTH;
    }
    left += MARGIN;
  }
  const width = left;
  const height = bottom + MARGIN;
  if (texts.length > 0) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="DejaVu Sans, sans-serif" font-size="12" fill="#000">${texts.join('')}</g></svg>`;
    layers.push({ input: Buffer.from(svg), left: 0, top: 0 });
  }
  // Compositing yields RGBA; a second pass writes a plain RGB PNG.
  const composed = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const png = await sharp(composed.data, { raw: composed.info }).removeAlpha().png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** One panel as a PNG: {@link renderPanels} with a single panel. */
export function renderPng(
  image: AttributionImage | RgbImage,
  options: RenderPanelsOptions & { readonly title?: string; readonly colorbar?: boolean } = {},
): Promise<Uint8Array> {
  const panel: Panel = {
    image,
    ...(options.title ? { title: options.title } : {}),
    colorbar: options.colorbar ?? false,
  };
  return renderPanels([panel], options);
}

/**
 * The integer upscale that makes a panel legible: 8 for inputs under 64 pixels high (28×28
 * Fashion-MNIST maps become 224 px), else 1.
 */
export function legibleScale(image: { readonly height: number }): number {
  return image.height < 64 ? 8 : 1;
}
