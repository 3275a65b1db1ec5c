/**
 * Resize (and Upsample): nearest and (bi/tri)linear resampling are linear and separable, so the
 * gradient is the transpose of each resized axis's interpolation matrix, applied as one MatMul
 * per axis with a constant computed here from the static shapes. Nearest neighbour is the 0/1
 * case (each input accumulates the gradient of every output that copied it).
 *
 * Cubic interpolation, antialiasing and tf_crop_and_resize are refused with `UNSUPPORTED_OP`.
 */
import { SnowblindError } from '../../errors.js';
import { attrInt, nodeLabel } from '../attributes.js';
import { resizeMatrix, resizeSpec } from '../resize-geometry.js';
import { alongAxis, isIdentity, transpose } from './axis-matrix.js';
import { type BackwardContext, type BackwardRule, grad0, rankedDims, SHAPE_HINT } from './context.js';

function refuse(ctx: BackwardContext, what: string, hint: string): SnowblindError {
  return new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${ctx.node.opType} node ${nodeLabel(ctx.node)}: ${what}`,
    { hint },
  );
}

const MODES_HINT =
  "nearest and linear resizes are differentiated; export with mode='nearest', 'bilinear' or 'linear' and antialias=False";

const resize: BackwardRule = (ctx, dy) => {
  const { node } = ctx;
  const x = node.input![0]!;
  const rank = rankedDims(ctx, x).length;
  const inputs = (node.input ?? []).map((name) => (name ? ctx.info(name) : undefined));
  const spec = resizeSpec(node, inputs);
  if (spec?.mode !== 'nearest' && spec?.mode !== 'linear') {
    throw refuse(ctx, `attribute mode = '${spec?.mode}' is not supported`, MODES_HINT);
  }
  if (attrInt(node, 'antialias', 0) !== 0)
    throw refuse(ctx, 'attribute antialias = 1 is not supported', MODES_HINT);
  if (spec.coordinateMode === 'tf_crop_and_resize') {
    throw refuse(
      ctx,
      "attribute coordinate_transformation_mode = 'tf_crop_and_resize' is not supported",
      'crop with Slice before the Resize instead',
    );
  }
  const inDims = rankedDims(ctx, x);
  let g = grad0(dy);
  // Innermost axes first keeps every MatMul small; the order does not change the result.
  for (let axis = rank - 1; axis >= 0; axis--) {
    const n = inDims[axis] ?? null;
    const out = spec.outDims[axis] ?? null;
    const scale = spec.scales[axis] ?? null;
    if (n === null || out === null || scale === null) {
      if (n === out && (scale === 1 || scale === null)) continue; // the untouched batch axis
      throw refuse(ctx, `the size or scale of axis ${axis} is not known statically`, SHAPE_HINT);
    }
    const m = resizeMatrix(n, out, scale, spec);
    if (isIdentity(m, out, n)) continue;
    g = alongAxis(ctx, g, axis, rank, transpose(m, out, n), n, out);
  }
  return [g];
};

export const RESIZE_RULES: Record<string, BackwardRule> = { Resize: resize, Upsample: resize };
