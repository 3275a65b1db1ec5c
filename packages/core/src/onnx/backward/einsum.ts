/**
 * Einsum: the gradient of operand i is the einsum of the other operands and dy back to operand
 * i's labels (attention's "bhqd,bhkd->bhqk" gives "bhkd,bhqk->bhqd" for the queries). Labels only
 * operand i has (summed out of it alone) come back by broadcasting; repeated labels within one
 * operand (diagonals) are refused.
 */
import { SnowblindError } from '../../errors.js';
import { attrString, nodeLabel } from '../attributes.js';
import { type EinsumEquation, formatEinsum, parseEinsum } from '../einsum-equation.js';
import { type BackwardContext, type BackwardRule, grad0 } from './context.js';

function refuse(ctx: BackwardContext, why: string): SnowblindError {
  return new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate Einsum node ${nodeLabel(ctx.node)}: ${why}`,
    {
      hint: 're-export the model with MatMul in place of this einsum',
    },
  );
}

function operandGradient(ctx: BackwardContext, equation: EinsumEquation, i: number, g: string): string {
  const { b, node } = ctx;
  const term = equation.inputs[i]!;
  if (new Set(term).size !== term.length) throw refuse(ctx, `operand ${i} repeats a label (a diagonal)`);
  const others = equation.inputs.filter((_, j) => j !== i);
  const elsewhere = new Set([...others.flat(), ...equation.output]);
  const kept = term.filter((l) => elsewhere.has(l));
  const operands = node.input!.filter((_, j) => j !== i);
  const grad = b.op('Einsum', [...operands, g], {
    equation: formatEinsum([...others, equation.output], kept),
  });
  if (kept.length === term.length) return grad;
  // Labels summed out of operand i alone: every element there gets the same gradient.
  if (term.includes('...')) throw refuse(ctx, `operand ${i} sums out a label next to an ellipsis`);
  const missing = term.flatMap((l, axis) => (elsewhere.has(l) ? [] : [axis]));
  const unsqueezed = b.op('Unsqueeze', [grad, b.int64(missing)]);
  return b.op('Expand', [unsqueezed, ctx.shapeOf(node.input![i]!)]);
}

const einsum: BackwardRule = (ctx, dy) => {
  const equation = parseEinsum(attrString(ctx.node, 'equation', ''));
  if (!equation) throw refuse(ctx, 'its equation cannot be parsed');
  return ctx.node.input!.map((_, i) =>
    ctx.needsGrad(i) ? operandGradient(ctx, equation, i, grad0(dy)) : undefined,
  );
};

export const EINSUM_RULES: Record<string, BackwardRule> = { Einsum: einsum };
