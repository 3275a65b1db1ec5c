/** All backward rules by ONNX op type (default domain). */
import { ACTIVATION_RULES } from './activations.js';
import type { BackwardRule } from './context.js';
import { CONV_RULES } from './conv.js';
import { ELEMENTWISE_RULES } from './elementwise.js';
import { LINEAR_RULES } from './linear.js';
import { NORMALIZATION_RULES } from './normalization.js';
import { PAD_RULES } from './pad.js';
import { POOL_RULES } from './pool.js';
import { REDUCE_RULES } from './reduce.js';
import { RESIZE_RULES } from './resize.js';
import { SHAPE_RULES } from './shape-ops.js';
import { SOFTMAX_RULES } from './softmax.js';

export const BACKWARD_RULES: Readonly<Record<string, BackwardRule>> = {
  ...ACTIVATION_RULES,
  ...CONV_RULES,
  ...ELEMENTWISE_RULES,
  ...LINEAR_RULES,
  ...NORMALIZATION_RULES,
  ...PAD_RULES,
  ...POOL_RULES,
  ...REDUCE_RULES,
  ...RESIZE_RULES,
  ...SHAPE_RULES,
  ...SOFTMAX_RULES,
};

/** Op types snowblind can differentiate, sorted (for messages and docs). */
export const DIFFERENTIABLE_OPS: readonly string[] = Object.keys(BACKWARD_RULES).sort();
