/**
 * Which tensors of the forward graph have the batch as their leading dimension, so the backward
 * graph can tell onnxruntime their full symbolic shape.
 *
 * Why: backward tensors are shaped at run time (Reshape/Expand to `Shape(x)`), which hides their
 * batch dimension from onnxruntime's shape inference. Its NCHWc layout transformer only keeps a
 * Mul or Sum of two blocked tensors in the blocked layout when it can prove their shapes equal;
 * otherwise it converts both operands back to NCHW and the result forward again around every
 * ReLU mask and gradient sum. Annotating the gradients (`value_info`) with the same symbolic
 * batch as the forward activations keeps ResNet's whole backward pass blocked.
 *
 * The analysis is conservative: a tensor is batch-leading only when every step from the input
 * provably keeps dimension 0 (a wrong annotation could make onnxruntime pair unequal shapes).
 */
import { attrInt, attrInts } from './attributes.js';
import type { Dim, ValueInfo } from './shape-inference.js';
import type { OnnxDimension, OnnxNode, OnnxValueInfo } from './types.js';

/** Ops whose output 0 keeps dimension 0 of input 0 (any attributes). */
const KEEPS_BATCH = new Set([
  'Relu',
  'LeakyRelu',
  'Clip',
  'Sigmoid',
  'Tanh',
  'HardSigmoid',
  'HardSwish',
  'Identity',
  'Dropout',
  'Cast',
  'LRN',
  'BatchNormalization',
  'Conv',
  'ConvTranspose',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'GlobalMaxPool',
]);

/** Broadcasting elementwise ops: the output's dim 0 is the broadcast of the inputs' dims 0. */
const BROADCASTING = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Max', 'Min']);

/**
 * Forward tensors whose dimension 0 is the model input's dimension 0.
 *
 * @param nodes - forward nodes in topological order
 * @param input - the model input (batch first)
 */
export function batchLeadingTensors(
  nodes: readonly OnnxNode[],
  input: string,
  info: (name: string) => ValueInfo | undefined,
): Set<string> {
  const leading = new Set([input]);
  const rank = (name: string) => info(name)?.dims?.length;
  for (const node of nodes) {
    const inputs = node.input ?? [];
    const outputs = node.output ?? [];
    const x = inputs[0];
    if (!x) continue;
    if (BROADCASTING.has(node.opType)) {
      if (broadcastKeepsBatch(inputs, outputs[0], leading, info)) leading.add(outputs[0]!);
      continue;
    }
    if (!leading.has(x)) continue;
    const op = node.opType;
    const keeps =
      KEEPS_BATCH.has(op) ||
      ((op === 'Softmax' || op === 'LogSoftmax') && attrInt(node, 'axis', -1) !== 0) ||
      (op === 'Flatten' && attrInt(node, 'axis', 1) === 1) ||
      (op === 'Gemm' && attrInt(node, 'transA', 0) === 0) ||
      (op === 'Transpose' && (attrInts(node, 'perm') ?? [])[0] === 0) ||
      ((op === 'Concat' || op === 'Split') && normalAxis(attrInt(node, 'axis', 0), rank(x)) > 0);
    if (!keeps) continue;
    if (op === 'Concat' && !inputs.every((i) => leading.has(i) || info(i)?.dims?.[0] === 1)) continue;
    for (const o of op === 'Split' ? outputs : outputs.slice(0, 1)) if (o) leading.add(o);
  }
  return leading;
}

function normalAxis(axis: number, rank: number | undefined): number {
  if (axis >= 0) return axis;
  return rank === undefined ? -1 : axis + rank;
}

function broadcastKeepsBatch(
  inputs: readonly string[],
  output: string | undefined,
  leading: Set<string>,
  info: (name: string) => ValueInfo | undefined,
): boolean {
  const outRank = output ? info(output)?.dims?.length : undefined;
  if (outRank === undefined) return false;
  let batch = false;
  for (const name of inputs) {
    const dims = info(name)?.dims;
    if (!dims) return false;
    if (dims.length < outRank || dims[0] === 1) continue;
    if (!leading.has(name)) return false;
    batch = true;
  }
  return batch;
}

/**
 * A `value_info` giving tensor `name` the shape `[batch, ...dims.slice(1)]`, or `undefined`
 * when the other dims are not all known.
 */
export function batchValueInfo(
  name: string,
  elemType: number,
  batch: OnnxDimension,
  dims: readonly Dim[],
): OnnxValueInfo | undefined {
  const rest = dims.slice(1);
  if (rest.some((d) => d === null)) return undefined;
  const dim = [batch, ...rest.map((d) => ({ dimValue: d as number }))];
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}
