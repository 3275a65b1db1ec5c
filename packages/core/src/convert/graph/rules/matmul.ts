/**
 * MatMul and _FusedMatMul (bias, then the activation in `fused_ops[1]`) on 2-D operands as one
 * ONNX Gemm; a transposed layout of an operand is folded into transA/transB instead of a
 * Transpose. BatchMatMul(V2) on higher ranks is an ONNX MatMul.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import { attrBool, attrNumber, attrStrings, dataInputs, describeNode, type TfNode } from '../graph-def.js';
import type { ConstValue, GraphValue, TensorValue } from '../graph-value.js';
import { identity, isIdentity } from '../layout.js';
import { applyActivation } from './activations.js';
import { broadcastShape } from './elementwise.js';

/** The operand as stored and whether Gemm must transpose it to get TF's (maybe transposed) operand. */
function operand(ctx: GraphConversion, value: GraphValue, transpose: boolean): [string, number] {
  const layout = ctx.layoutOf(value);
  const flipped = !isIdentity(layout);
  return [ctx.onnx(value, layout), transpose !== flipped ? 1 : 0];
}

/** Whether TF transposes each operand: MatMul's transpose_a/b, BatchMatMul's adj_x/y. */
function transposes(node: TfNode): [boolean, boolean] {
  const batched = node.op.startsWith('BatchMatMul');
  return [
    attrBool(node, batched ? 'adj_x' : 'transpose_a', false),
    attrBool(node, batched ? 'adj_y' : 'transpose_b', false),
  ];
}

function gemm(ctx: GraphConversion, node: TfNode, bias: TensorValue | ConstValue | undefined): TensorValue {
  const a = ctx.tensorInput(node, 0);
  const b = ctx.tensorInput(node, 1);
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw unconverted(`${describeNode(node)} on rank-${a.shape.length} × rank-${b.shape.length} operands`);
  }
  const [transposeA, transposeB] = transposes(node);
  const [nameA, transA] = operand(ctx, a, transposeA);
  const [nameB, transB] = operand(ctx, b, transposeB);
  const rows = a.shape[transposeA ? 1 : 0]!;
  const cols = b.shape[transposeB ? 0 : 1]!;
  const inputs = [nameA, nameB];
  if (bias !== undefined) {
    if (bias.shape.length !== 1)
      throw unconverted(`${describeNode(node)} with a rank-${bias.shape.length} bias`);
    inputs.push(ctx.onnx(bias));
  }
  return ctx.emit('Gemm', inputs, { transA: { int: transA }, transB: { int: transB } }, [rows, cols]);
}

const fusedMatMul: GraphOpRule = (ctx, node) => {
  const [extraOp, activation] = attrStrings(node, 'fused_ops').map((s) => s.toLowerCase());
  if (extraOp !== undefined && extraOp !== 'biasadd')
    throw unconverted(`${describeNode(node)} fused with ${extraOp}`);
  // tfjs takes the first extra argument as the bias and the second as Prelu's alpha.
  const args = dataInputs(node)
    .slice(2)
    .map((_, k) => ctx.tensorInput(node, 2 + k));
  const [bias, alpha] = args;
  const y = gemm(ctx, node, extraOp === 'biasadd' ? bias : undefined);
  return applyActivation(ctx, node, y, activation, alpha, attrNumber(node, 'leakyrelu_alpha', 0.2));
};

/** Batched products (rank > 2, batch dims broadcast) as ONNX MatMul on TF-order operands. */
const batchMatMul: GraphOpRule = (ctx, node) => {
  const a = ctx.tensorInput(node, 0);
  const b = ctx.tensorInput(node, 1);
  if (a.shape.length === 2 && b.shape.length === 2) return gemm(ctx, node, undefined);
  const flags = transposes(node);
  const [ta, tb] = [a, b].map((v, k) => {
    const rank = v.shape.length;
    const perm = identity(rank);
    if (flags[k]) [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
    return { name: ctx.onnx(v, perm), shape: perm.map((axis) => v.shape[axis]!) };
  });
  const lead = broadcastShape(ta!.shape.slice(0, -2), tb!.shape.slice(0, -2), node);
  const shape = [...lead, ta!.shape[ta!.shape.length - 2]!, tb!.shape[tb!.shape.length - 1]!];
  return ctx.emit('MatMul', [ta!.name, tb!.name], {}, shape);
};

/** Rules for matrix products, by TF op name. */
export const MATMUL_RULES: Readonly<Record<string, GraphOpRule>> = {
  MatMul: (ctx, node) => gemm(ctx, node, undefined),
  _FusedMatMul: fusedMatMul,
  BatchMatMul: batchMatMul,
  BatchMatMulV2: batchMatMul,
};
