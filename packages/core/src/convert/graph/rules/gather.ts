/**
 * Indexing and repetition with constant arguments: GatherV2 (constant indices, no batch dims),
 * Tile, BroadcastTo (to a shape that may hold the batch size), and Einsum on TF-order operands.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphOpRule } from '../conversion.js';
import { attrNumber, attrString, dataInputs, describeNode } from '../graph-def.js';
import { type Dim, tensorValue } from '../graph-value.js';
import { permute } from '../layout.js';
import { broadcastShape } from './elementwise.js';

const gather: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const indices = ctx.tensorInput(node, 1);
  if (indices.kind !== 'const') throw unconverted(`${describeNode(node)} with indices computed at run time`);
  if (attrNumber(node, 'batch_dims', 0) !== 0) throw unconverted(`${describeNode(node)} with batch_dims`);
  const rank = x.shape.length;
  const [raw] = node.op === 'Gather' ? [0] : ctx.knownInts(node, 2);
  const axis = raw! < 0 ? raw! + rank : raw!;
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const positions = ctx.b.int64(Array.from(indices.data), indices.shape);
  return ctx.emit('Gather', [ctx.onnx(x), positions], { axis: { int: axis } }, shape);
};

const tile: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const reps = ctx.knownInts(node, 1);
  const layout = ctx.layoutOf(x);
  const shape = x.shape.map((d, i): Dim => (d === null ? null : d * reps[i]!));
  const name = ctx.b.op('Tile', [ctx.onnx(x, layout), ctx.b.int64(permute(reps, layout))]);
  return tensorValue(name, shape, layout);
};

const broadcastTo: GraphOpRule = (ctx, node) => {
  const x = ctx.tensorInput(node, 0);
  const target = ctx.ints(node, 1);
  const shape = broadcastShape(x.shape, target, node);
  return ctx.emit('Expand', [ctx.onnx(x), ctx.dimsTensor(target)], {}, shape);
};

/** Einsum without ellipses: each output letter takes its size from the operand that has it. */
const einsum: GraphOpRule = (ctx, node) => {
  const equation = attrString(node, 'equation', '').replace(/\s/g, '');
  const [lhs, rhs] = equation.split('->');
  const operands = dataInputs(node).map((_, k) => ctx.tensorInput(node, k));
  const terms = lhs?.split(',') ?? [];
  if (rhs === undefined || equation.includes('.') || terms.length !== operands.length) {
    throw unconverted(`${describeNode(node)} with equation "${equation}"`);
  }
  const sizes = new Map<string, Dim>();
  terms.forEach((term, k) => {
    [...term].forEach((letter, i) => {
      const size = operands[k]!.shape[i] ?? null;
      if (!sizes.has(letter) || sizes.get(letter) === null || sizes.get(letter) === 1)
        sizes.set(letter, size);
    });
  });
  const shape = [...rhs].map((letter) => sizes.get(letter) ?? null);
  return ctx.emit(
    'Einsum',
    operands.map((v) => ctx.onnx(v)),
    { equation },
    shape,
  );
};

/** Rules for gathers, tiles, broadcasts and einsums, by TF op name. */
export const GATHER_RULES: Readonly<Record<string, GraphOpRule>> = {
  Gather: gather,
  GatherV2: gather,
  Tile: tile,
  BroadcastTo: broadcastTo,
  Einsum: einsum,
};
