import type { Preset } from './types.js';

/** ImageNet statistics of torchvision's pretrained models (RGB, for values in 0..1). */
const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

function preset(p: Preset): Preset {
  return Object.freeze({
    ...p,
    resize: Array.isArray(p.resize) ? Object.freeze([...p.resize]) : p.resize,
    crop: p.crop ? Object.freeze([...p.crop]) : null,
    mean: Object.freeze([...p.mean]),
    std: Object.freeze([...p.std]),
  }) as Preset;
}

/**
 * The built-in presets, by name.
 *
 * - `torchvision`: `Resize(256)`, `CenterCrop(224)`, `ToTensor()`, `Normalize(ImageNet)`, NCHW RGB —
 *   torchvision's pretrained classifiers.
 * - `caffe-bgr`: same geometry, BGR bytes minus the BGR ImageNet mean, no scaling (Caffe, Keras
 *   `preprocess_input` in `caffe` mode: VGG16, ResNet50).
 * - `tf-mobilenet`: same geometry, NHWC, `x / 127.5 − 1` (Keras `tf` mode: MobileNet, Inception).
 * - `fashion-mnist`: PIL `L` gray, exact 28 × 28 PIL bilinear resize, `x / 255`, NHWC with one
 *   channel — snowblind's embedded models.
 */
export const PRESETS = Object.freeze({
  torchvision: preset({
    name: 'torchvision',
    resize: 256,
    crop: [224, 224],
    layout: 'NCHW',
    channelOrder: 'RGB',
    grayscale: false,
    scale: 1 / 255,
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
  }),
  'caffe-bgr': preset({
    name: 'caffe-bgr',
    resize: 256,
    crop: [224, 224],
    layout: 'NCHW',
    channelOrder: 'BGR',
    grayscale: false,
    scale: 1,
    mean: [103.939, 116.779, 123.68],
    std: [1, 1, 1],
  }),
  'tf-mobilenet': preset({
    name: 'tf-mobilenet',
    resize: 256,
    crop: [224, 224],
    layout: 'NHWC',
    channelOrder: 'RGB',
    grayscale: false,
    scale: 1 / 127.5,
    mean: [1, 1, 1],
    std: [1, 1, 1],
  }),
  'fashion-mnist': preset({
    name: 'fashion-mnist',
    resize: [28, 28],
    crop: null,
    layout: 'NHWC',
    channelOrder: 'RGB',
    grayscale: true,
    scale: 1 / 255,
    mean: [0],
    std: [1],
  }),
});

/** Name of a built-in preset. */
export type PresetName = keyof typeof PRESETS;

/** Names of the built-in presets, in a stable order. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

/** True when `name` names a built-in preset. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
