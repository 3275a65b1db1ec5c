/** Every layer rule by Keras class name. */
import { ACTIVATION_LAYERS } from './activation-layers.js';
import { CONV_LAYERS } from './conv-layers.js';
import { DENSE_LAYERS } from './dense-layer.js';
import type { LayerRule } from './layer-context.js';
import { MERGE_LAYERS } from './merge-layers.js';
import { NORMALIZATION_LAYERS } from './normalization-layers.js';
import { POOLING_LAYERS } from './pooling-layers.js';
import { SHAPE_LAYERS } from './shape-layers.js';
import { SPATIAL_LAYERS } from './spatial-layers.js';

/** Layer rules by Keras class name (with the older Keras aliases, e.g. Convolution2D). */
export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  ...ACTIVATION_LAYERS,
  ...CONV_LAYERS,
  ...DENSE_LAYERS,
  ...MERGE_LAYERS,
  ...NORMALIZATION_LAYERS,
  ...POOLING_LAYERS,
  ...SHAPE_LAYERS,
  ...SPATIAL_LAYERS,
};
