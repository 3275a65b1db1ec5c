/** Every GraphDef op the converter has a rule for, by TF op name. */
import type { GraphOpRule } from './conversion.js';
import { ACTIVATION_RULES } from './rules/activations.js';
import { CONV_RULES } from './rules/conv.js';
import { ELEMENTWISE_RULES } from './rules/elementwise.js';
import { GATHER_RULES } from './rules/gather.js';
import { JOIN_RULES } from './rules/join.js';
import { MATMUL_RULES } from './rules/matmul.js';
import { NORMALIZATION_RULES } from './rules/normalization.js';
import { PAD_RULES } from './rules/pad.js';
import { POOL_RULES } from './rules/pool.js';
import { REDUCE_RULES } from './rules/reduce.js';
import { RESHAPE_RULES } from './rules/reshape.js';
import { RESIZE_RULES } from './rules/resize.js';
import { SLICE_RULES } from './rules/slicing.js';
import { SPLIT_RULES } from './rules/split.js';

export const GRAPH_OP_RULES: Readonly<Record<string, GraphOpRule>> = {
  ...ACTIVATION_RULES,
  ...CONV_RULES,
  ...ELEMENTWISE_RULES,
  ...GATHER_RULES,
  ...JOIN_RULES,
  ...MATMUL_RULES,
  ...NORMALIZATION_RULES,
  ...PAD_RULES,
  ...POOL_RULES,
  ...REDUCE_RULES,
  ...RESHAPE_RULES,
  ...RESIZE_RULES,
  ...SLICE_RULES,
  ...SPLIT_RULES,
};
