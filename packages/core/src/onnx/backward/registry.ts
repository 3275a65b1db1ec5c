/** All backward rules by ONNX op type (default domain). */
import { ACTIVATION_RULES } from './activations.js';
import { BINARY_RULES } from './binary.js';
import type { BackwardRule } from './context.js';
import { CONV_RULES } from './conv.js';
import { CONV_TRANSPOSE_RULES } from './conv-transpose.js';
import { DEPTH_SPACE_RULES } from './depth-space.js';
import { EINSUM_RULES } from './einsum.js';
import { ELEMENTWISE_RULES } from './elementwise.js';
import { LAYER_NORM_RULES } from './layer-norm.js';
import { LINEAR_RULES } from './linear.js';
import { NORMALIZATION_RULES } from './normalization.js';
import { PAD_RULES } from './pad.js';
import { POINTWISE_RULES } from './pointwise.js';
import { POOL_RULES } from './pool.js';
import { REDUCE_RULES } from './reduce.js';
import { RESIZE_RULES } from './resize.js';
import { SCATTER_GATHER_RULES } from './scatter-gather.js';
import { SHAPE_RULES } from './shape-ops.js';
import { SLICING_RULES } from './slicing.js';
import { SOFTMAX_RULES } from './softmax.js';

export const BACKWARD_RULES: Readonly<Record<string, BackwardRule>> = {
  ...ACTIVATION_RULES,
  ...BINARY_RULES,
  ...CONV_RULES,
  ...CONV_TRANSPOSE_RULES,
  ...DEPTH_SPACE_RULES,
  ...EINSUM_RULES,
  ...ELEMENTWISE_RULES,
  ...LAYER_NORM_RULES,
  ...LINEAR_RULES,
  ...NORMALIZATION_RULES,
  ...PAD_RULES,
  ...POINTWISE_RULES,
  ...POOL_RULES,
  ...REDUCE_RULES,
  ...RESIZE_RULES,
  ...SCATTER_GATHER_RULES,
  ...SHAPE_RULES,
  ...SLICING_RULES,
  ...SOFTMAX_RULES,
};

/** Op types snowblind can differentiate, sorted (for messages and docs). */
export const DIFFERENTIABLE_OPS: readonly string[] = Object.keys(BACKWARD_RULES).sort();

/**
 * Ops that may sit anywhere in a differentiated model because no gradient flows through them:
 * their outputs are integer or boolean (masks, shapes, indices), so they are constants of the
 * backward pass. Sorted, for docs.
 */
export const CONSTANT_OPS: readonly string[] = [
  'And', 'ArgMax', 'ArgMin', 'ConstantOfShape', 'Equal', 'Greater', 'GreaterOrEqual', 'IsInf', 'IsNaN',
  'Less', 'LessOrEqual', 'NonZero', 'Not', 'OneHot', 'Or', 'Range', 'Shape', 'Size', 'Xor',
]; // biome-ignore format: a list
