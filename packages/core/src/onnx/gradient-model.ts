/**
 * Reverse-mode differentiation of an ONNX graph into ONNX: the forward graph is kept as is and
 * backward nodes are appended, so the backward pass reuses the forward activations, and one
 * onnxruntime session returns both the logits and the input gradient for a whole batch.
 */
import { SnowblindError } from '../errors.js';
import { activationBytesPerExample } from './activation-bytes.js';
import { nodeLabel } from './attributes.js';
import type { BackwardContext } from './backward/context.js';
import { BACKWARD_RULES, DIFFERENTIABLE_OPS } from './backward/registry.js';
import { batchLeadingTensors, batchValueInfo } from './batch-dims.js';
import { serializeOnnxModel } from './model.js';
import { type PreparedModel, prepareModel } from './prepare.js';
import type { Dim } from './shape-inference.js';
import { isFloatType } from './tensor-data.js';
import type { OnnxDimension, OnnxModel, OnnxNode, OnnxValueInfo } from './types.js';

/** Which scalar of the model output is differentiated for each example. */
export type GradientTarget = 'output' | 'softmax' | 'log-softmax';

/** Options for {@link buildGradientModel}. */
export interface GradientModelOptions {
  /**
   * `output`: Σₖ tₖ·yₖ of the raw model output y (logits, or probabilities when the model ends
   * in a softmax); `softmax`: Σₖ tₖ·softmax(y)ₖ; `log-softmax`: Σₖ tₖ·log softmax(y)ₖ, where t
   * is the per-example target weights (a one-hot row selects one class).
   * @defaultValue `'output'`
   */
  wrt?: GradientTarget;
  /**
   * Differentiate float16 models in float32 (weights widened, float16 casts retargeted); the
   * gradient model's input and outputs are then float32.
   * @defaultValue `true`
   */
  upcastFloat16?: boolean;
}

/** A serialized forward+backward model and the names of its inputs and outputs. */
export interface OnnxGradientGraph {
  bytes: Uint8Array;
  /** The image batch input (the model's own input name). */
  inputName: string;
  /** Per-example target weights, shape [batch, numClasses]. */
  targetName: string;
  outputNames: { logits: string; gradient: string };
  /** Input shape (batch first); `null` for sizes fixed only at run time. */
  inputShape: Dim[];
  /** Number of output values per example, `null` when not known statically. */
  numClasses: number | null;
  /**
   * Bytes of forward activations per example that the backward pass reads back (float tensors
   * computed from the input, sizes from shape inference): the base of the runner's memory estimate.
   */
  activationBytes: number;
}

/**
 * Build one ONNX model that returns the model's output and the gradient of the selected output
 * (see {@link GradientModelOptions.wrt}) with respect to the input, for a whole batch.
 *
 * @remarks The gradient graph runs at opset ≥ 17 (older forward nodes are rewritten to their
 * current form). Integer shape computations (Shape → Gather → Concat → Reshape) stay in the
 * forward graph untouched; only float paths from the input to the output are differentiated.
 *
 * @throws SnowblindError `UNSUPPORTED_OP` naming the op type and node when a node on the path
 * from input to output has no backward rule; `BAD_MODEL` for models without a single input.
 */
export function buildGradientModel(model: OnnxModel, options: GradientModelOptions = {}): OnnxGradientGraph {
  const prepared = prepareModel(model, options.upcastFloat16 ?? true);
  const { builder: b, infos, input, output } = prepared;
  const graph = prepared.model.graph;
  const forward = [...(graph.node ?? [])];
  const depends = dependentTensors(forward, input.name, (name) =>
    isFloatType(infos.get(name)?.dtype ?? prepared.floatType),
  );
  const inputDims = infos.get(input.name)?.dims ?? [];
  const outputDims = infos.get(output.name)?.dims;
  const numClasses = outputDims ? product(outputDims.slice(1)) : null;

  const targetName = b.fresh('target').replace('/', '_');
  const batch = batchDimension(input);
  const leading = batchLeadingTensors(forward, input.name, (name) => infos.get(name));
  const annotations = new Map<string, OnnxValueInfo>();
  // A gradient has its tensor's shape; saying so keeps onnxruntime's NCHWc layout (batch-dims.ts).
  const annotate = (name: string, g: string) => {
    const dims = infos.get(name)?.dims;
    if (!dims || dims[0] !== null || !leading.has(name)) return;
    const info = batchValueInfo(g, prepared.floatType, batch, dims);
    if (info) annotations.set(g, info);
  };
  const grads = new Map<string, string[]>();
  const push = (name: string, g: string) => {
    annotate(name, g);
    grads.set(name, [...(grads.get(name) ?? []), g]);
  };
  push(output.name, seedGradient(prepared, targetName, options.wrt ?? 'output'));

  const shapes = new Map<string, string>();
  const shapeOf = (name: string): string => {
    const dims = infos.get(name)?.dims;
    if (dims?.every((d) => d !== null)) return b.int64(dims as number[]);
    const cached = shapes.get(name);
    if (cached) return cached;
    const shape = b.op('Shape', [name]);
    shapes.set(name, shape);
    return shape;
  };
  const total = (name: string): string | undefined => {
    const parts = grads.get(name);
    if (!parts) return undefined;
    if (parts.length > 1) {
      const sum = b.op('Sum', parts);
      annotate(name, sum);
      grads.set(name, [sum]);
    }
    return grads.get(name)![0];
  };
  const needs = (name: string | undefined) =>
    !!name && depends.has(name) && isFloatType(infos.get(name)?.dtype ?? prepared.floatType);

  for (let n = forward.length - 1; n >= 0; n--) {
    const node = forward[n]!;
    const dy = (node.output ?? []).map((o) => (o ? total(o) : undefined));
    if (dy.every((g) => g === undefined)) continue;
    const inputs = node.input ?? [];
    if (!inputs.some(needs)) continue;
    const rule = !node.domain || node.domain === 'ai.onnx' ? BACKWARD_RULES[node.opType] : undefined;
    if (!rule)
      throw unsupported(node, `no backward rule for ${node.domain ? `${node.domain}.` : ''}${node.opType}`);
    const ctx: BackwardContext = {
      node,
      b,
      info: (name) => infos.get(name),
      needsGrad: (i) => needs(inputs[i]),
      shapeOf,
    };
    const dx = rule(ctx, dy);
    inputs.forEach((name, i) => {
      if (!needs(name)) return;
      const g = dx[i];
      if (!g) throw unsupported(node, `no gradient with respect to input ${i} (${name})`);
      push(name, g);
    });
  }

  const gradientName = `${input.name}_snowblind_gradient`;
  const inputGrad = total(input.name) ?? b.filled(shapeOf(input.name), 0);
  graph.node!.push({ opType: 'Identity', name: gradientName, input: [inputGrad], output: [gradientName] });
  graph.valueInfo = [...(graph.valueInfo ?? []), ...annotations.values()];
  graph.input = [input, tensorValue(targetName, prepared.floatType, [batch, dimOf(numClasses)])];
  graph.output = [
    output,
    tensorValue(gradientName, prepared.floatType, input.type?.tensorType?.shape?.dim ?? []),
  ];
  return {
    bytes: serializeOnnxModel(prepared.model),
    inputName: input.name,
    targetName,
    outputNames: { logits: output.name, gradient: gradientName },
    inputShape: inputDims,
    numClasses,
    activationBytes: activationBytesPerExample(depends, (name) => infos.get(name), inputDims[0] ?? null),
  };
}

/**
 * Float tensors computed from the model input through float tensors. Integer and boolean
 * tensors (shapes, masks, indices) carry no gradient, so what is built from them alone, like
 * Swin's attention mask scattered into `x.new_zeros(…)`, is a constant of the backward pass.
 */
function dependentTensors(
  nodes: readonly OnnxNode[],
  input: string,
  isFloat: (name: string) => boolean,
): Set<string> {
  const reached = new Set([input]);
  for (const node of nodes) {
    if (!(node.input ?? []).some((i) => reached.has(i))) continue;
    for (const o of node.output ?? []) if (isFloat(o)) reached.add(o);
  }
  return reached;
}

/** Gradient of the selected scalar with respect to the model output, reshaped like it. */
function seedGradient(prepared: PreparedModel, target: string, wrt: GradientTarget): string {
  const { builder: b, output } = prepared;
  const rows = b.op('Flatten', [output.name], { axis: { int: 1 } });
  const axes = b.int64([1]);
  let seed = target;
  if (wrt === 'softmax') {
    const p = b.op('Softmax', [rows], { axis: { int: 1 } });
    const selected = b.op('ReduceSum', [b.op('Mul', [p, target]), axes], { keepdims: { int: 1 } });
    seed = b.op('Mul', [p, b.op('Sub', [target, selected])]);
  } else if (wrt === 'log-softmax') {
    const p = b.op('Softmax', [rows], { axis: { int: 1 } });
    const weight = b.op('ReduceSum', [target, axes], { keepdims: { int: 1 } });
    seed = b.op('Sub', [target, b.op('Mul', [p, weight])]);
  } else if (wrt !== 'output') {
    throw new SnowblindError('BAD_INPUT', `unknown gradient target ${String(wrt)}`, {
      hint: "use wrt: 'output', 'softmax' or 'log-softmax'",
    });
  }
  return b.op('Reshape', [seed, b.op('Shape', [output.name])]);
}

/**
 * The input's batch dimension, named when the model leaves it anonymous so gradients can be
 * annotated with the same symbol (a fixed batch is returned as is).
 */
function batchDimension(input: OnnxValueInfo): OnnxDimension {
  const dims = input.type?.tensorType?.shape?.dim;
  const first = dims?.[0];
  if (!dims || !first) return { dimParam: 'batch' };
  if (!(first.dimValue !== undefined && first.dimValue > 0) && !first.dimParam)
    first.dimParam = 'snowblind_batch';
  return first;
}

function unsupported(node: OnnxNode, why: string): SnowblindError {
  return new SnowblindError(
    'UNSUPPORTED_OP',
    `cannot differentiate ${node.opType} node ${nodeLabel(node)}: ${why}`,
    {
      hint: `supported ops: ${DIFFERENTIABLE_OPS.join(', ')}; re-export the model without this op or open an issue`,
    },
  );
}

function tensorValue(name: string, elemType: number, dim: OnnxDimension[]): OnnxValueInfo {
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function dimOf(size: number | null): OnnxDimension {
  return size === null ? { dimParam: 'classes' } : { dimValue: size };
}

function product(dims: Dim[]): number | null {
  return dims.reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);
}
