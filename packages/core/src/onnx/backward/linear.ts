/** Gemm and MatMul: input gradients are products with the other operand transposed. */
import { attrFloat, attrInt } from '../attributes.js';
import { reduceFromOutput, reduceTo } from './broadcast.js';
import { type BackwardRule, grad0, rankedDims } from './context.js';

// Y = alpha·op(A)·op(B) + beta·C with op = optional transpose.
const gemm: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [a, bm, c] = node.input!;
  const alpha = attrFloat(node, 'alpha', 1);
  const beta = attrFloat(node, 'beta', 1);
  const transA = attrInt(node, 'transA', 0);
  const transB = attrInt(node, 'transB', 0);
  const g = grad0(dy);
  const out: (string | undefined)[] = [];
  if (ctx.needsGrad(0)) {
    // dop(A) = alpha·dY·op(B)ᵀ; transposed back when A was transposed.
    out[0] = transA
      ? b.op('Gemm', [bm!, g], { alpha, transA: { int: transB }, transB: { int: 1 } })
      : b.op('Gemm', [g, bm!], { alpha, transA: { int: 0 }, transB: { int: transB ? 0 : 1 } });
  }
  if (ctx.needsGrad(1)) {
    // dop(B) = alpha·op(A)ᵀ·dY.
    out[1] = transB
      ? b.op('Gemm', [g, a!], { alpha, transA: { int: 1 }, transB: { int: transA } })
      : b.op('Gemm', [a!, g], { alpha, transA: { int: transA ? 0 : 1 }, transB: { int: 0 } });
  }
  if (c && ctx.needsGrad(2))
    out[2] = reduceFromOutput(ctx, beta === 1 ? g : b.op('Mul', [g, b.scalar(beta)]), c);
  return out;
};

// Batched matrix product with broadcast batch dims (operands of rank ≥ 2).
const matMul: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [a, bm] = node.input!;
  const g = grad0(dy);
  const y = rankedDims(ctx, node.output![0]!);
  const swapLast = (name: string) => {
    const r = rankedDims(ctx, name).length;
    const perm = Array.from({ length: r }, (_, i) => (i < r - 2 ? i : i === r - 2 ? r - 1 : r - 2));
    return b.op('Transpose', [name], { perm: { ints: perm } });
  };
  const out: (string | undefined)[] = [];
  if (ctx.needsGrad(0)) {
    const aDims = rankedDims(ctx, a!);
    const da = b.op('MatMul', [g, swapLast(bm!)]);
    out[0] = reduceTo(ctx, da, [...y.slice(0, -1), aDims[aDims.length - 1]!], a!);
  }
  if (ctx.needsGrad(1)) {
    const bDims = rankedDims(ctx, bm!);
    const db = b.op('MatMul', [swapLast(a!), g]);
    out[1] = reduceTo(ctx, db, [...y.slice(0, -2), bDims[bDims.length - 2]!, y[y.length - 1]!], bm!);
  }
  return out;
};

export const LINEAR_RULES: Record<string, BackwardRule> = { Gemm: gemm, MatMul: matMul };
