/** Softmax and LogSoftmax along one axis (opset ≥ 13 semantics). */
import { attrInt } from '../attributes.js';
import { type BackwardRule, grad0 } from './context.js';

// dx = y ⊙ (dy − Σ dy ⊙ y)
const softmax: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const y = node.output![0]!;
  const axes = b.int64([attrInt(node, 'axis', -1)]);
  const g = grad0(dy);
  const dot = b.op('ReduceSum', [b.op('Mul', [g, y]), axes], { keepdims: { int: 1 } });
  return [b.op('Mul', [y, b.op('Sub', [g, dot])])];
};

// dx = dy − softmax(x) ⊙ Σ dy
const logSoftmax: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const axes = b.int64([attrInt(node, 'axis', -1)]);
  const g = grad0(dy);
  const total = b.op('ReduceSum', [g, axes], { keepdims: { int: 1 } });
  return [b.op('Sub', [g, b.op('Mul', [b.op('Exp', [node.output![0]!]), total])])];
};

export const SOFTMAX_RULES: Record<string, BackwardRule> = { Softmax: softmax, LogSoftmax: logSoftmax };
