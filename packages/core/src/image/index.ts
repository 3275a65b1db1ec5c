/**
 * Image decoding and torchvision-exact preprocessing: decode (sharp, PIL semantics), PIL 9.4
 * bilinear resize, torchvision center crop, PIL luma, float32 normalisation, presets, labels.
 */
export { type CropBox, centerCrop, centerCropBox } from './center-crop.js';
export { type DecodeOptions, decodeImage, encodePng, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './decode.js';
export { pilLuma, toGrayscale } from './grayscale.js';
export { readLabels } from './labels.js';
export { modelView } from './model-view.js';
export { type InputShape, inputShape, preprocess, preprocessInto } from './preprocess.js';
export { isPresetName, PRESETS, type PresetName, presetNames } from './presets.js';
export { resizeShorter, resizeTo, shorterSideSize } from './resize.js';
export { type PresetSpec, resolvePreset } from './resolve-preset.js';
export type { Layout, Preset, RgbImage } from './types.js';
