import { centerCrop } from './center-crop.js';
import { toGrayscale } from './grayscale.js';
import { resizeShorter, resizeTo } from './resize.js';
import type { Preset, RgbImage } from './types.js';

/**
 * The 8-bit picture a model sees: the preset's grayscale, resize and center crop, without the
 * normalisation. Heatmaps are drawn over it, so attribution pixels line up with image pixels.
 */
export function modelView(image: RgbImage, preset: Preset): RgbImage {
  let view = preset.grayscale ? toGrayscale(image) : image;
  if (typeof preset.resize === 'number') view = resizeShorter(view, preset.resize);
  else if (preset.resize) view = resizeTo(view, preset.resize[0], preset.resize[1]);
  if (preset.crop) view = centerCrop(view, preset.crop[0], preset.crop[1]);
  return view;
}
