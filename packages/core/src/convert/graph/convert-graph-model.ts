/**
 * GraphModel → ONNX: walks the GraphDef tfjs-converter wrote (`modelTopology`) from the output back
 * to the image Placeholder and converts each op by its rule, NHWC input kept.
 */
import type * as TF from '@tensorflow/tfjs';
import { SnowblindError } from '../../errors.js';
import type { OnnxModel } from '../../onnx/index.js';
import { withImageSize } from '../image-size.js';
import { createSkeleton, finishSkeleton } from '../onnx-skeleton.js';
import { unconverted } from '../unconverted.js';
import { decodeTfjsWeights } from '../weights.js';
import { GraphConversion, type GraphOpRule } from './conversion.js';
import { attrShape, describeNode, parseInputRef, type TfGraphDef, type TfNode } from './graph-def.js';
import { nodesFeeding } from './graph-order.js';
import { constValue, type GraphValue, tensorValue } from './graph-value.js';
import { identity } from './layout.js';
import { GRAPH_OP_RULES } from './op-rules.js';

const BAD_GRAPH_HINT = 'check that model.json is a complete tfjs-converter GraphModel';

/** Options for {@link convertGraphModel}. */
export interface GraphModelConversionOptions {
  /**
   * Height and width to fix where the input Placeholder leaves them unknown (-1), e.g. the
   * preset's: ONNX gradients need static sizes, and SAME pads are then written out.
   * @defaultValue the sizes stay dynamic
   */
  readonly imageSize?: readonly [number, number] | undefined;
}

/**
 * Convert a GraphModel (tfjs-converter GraphDef + weights) to ONNX.
 *
 * @throws SnowblindError `UNSUPPORTED_OP` naming the first op (type and node) on the path from the
 * input to the output that has no rule; `BAD_MODEL` when the graph or its weights are inconsistent.
 */
export function convertGraphModel(
  artifacts: TF.io.ModelArtifacts,
  options: GraphModelConversionOptions = {},
): OnnxModel {
  const graph = artifacts.modelTopology as TfGraphDef | undefined;
  if (graph === undefined || graph === null || !Array.isArray(graph.node)) {
    throw new SnowblindError('BAD_MODEL', 'the GraphModel has no graph (modelTopology.node)', {
      hint: BAD_GRAPH_HINT,
    });
  }
  const byName = new Map(graph.node.map((n) => [n.name, n]));
  const output = outputRef(artifacts, graph.node);
  const order = nodesFeeding(output, byName);
  // A PlaceholderWithDefault left unfed is its default (a Const): only Placeholders are inputs.
  const placeholders = order.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1) throw unconverted(`GraphModel with ${placeholders.length} inputs`);
  const placeholder = placeholders[0]!;
  const [batch, ...perImage] = imageShape(placeholder);
  const shape = [batch ?? null, ...withImageSize(perImage, options.imageSize)];
  const skeleton = createSkeleton(shape.slice(1), `tfjs-graph-model ${artifacts.convertedBy ?? ''}`.trim());
  // A fixed batch stays fixed, as TF.js checks it on execute (the gradient runner then chunks).
  if (shape[0] !== null)
    skeleton.model.graph.input![0]!.type!.tensorType!.shape!.dim![0] = { dimValue: shape[0]! };
  const ctx = new GraphConversion(skeleton);
  const weights = decodeTfjsWeights(artifacts);
  for (const node of order) {
    if (node === placeholder) {
      ctx.set(node, [tensorValue(skeleton.input, shape, identity(shape.length))]);
    } else if (node.op === 'Const') {
      const weight = weights.get(node.name);
      if (weight === undefined) {
        throw new SnowblindError('BAD_MODEL', `the weights hold no value for Const node "${node.name}"`, {
          hint: BAD_GRAPH_HINT,
        });
      }
      ctx.set(node, [constValue(weight.values, weight.shape)]);
    } else {
      const rule = GRAPH_OP_RULES[node.op];
      if (rule === undefined) throw unconverted(describeNode(node));
      const result = applyRule(rule, ctx, node);
      ctx.set(node, Array.isArray(result) ? result : [result]);
    }
  }
  const value = ctx.lookup(output, { name: '(output)', op: 'Output', input: [output] });
  return finish(ctx, value);
}

/**
 * Run a rule; a rule that breaks on a node it was not written for (a JS error, not a refusal)
 * makes the op unconverted, naming it, so the model still runs on the TF.js engine.
 */
function applyRule(rule: GraphOpRule, ctx: GraphConversion, node: TfNode): GraphValue | GraphValue[] {
  try {
    return rule(ctx, node);
  } catch (error) {
    if (error instanceof SnowblindError) throw error;
    throw unconverted(`${describeNode(node)} (the converter failed: ${(error as Error).message})`);
  }
}

function finish(ctx: GraphConversion, value: GraphValue): OnnxModel {
  if (value.kind !== 'tensor') throw unconverted('GraphModel whose output does not depend on its input');
  let name = ctx.onnx(value);
  // The output must be a node's own output, not the graph input.
  if (name === ctx.skeleton.input) name = ctx.b.op('Identity', [name]);
  return finishSkeleton(ctx.skeleton, name, value.shape);
}

/** The tensor the model returns: the signature's single output, else the one node nothing reads. */
function outputRef(artifacts: TF.io.ModelArtifacts, nodes: readonly TfNode[]): string {
  const signature = artifacts.signature as { outputs?: Record<string, { name?: string }> } | undefined;
  const named = Object.values(signature?.outputs ?? {})
    .map((o) => o.name)
    .filter((n): n is string => typeof n === 'string');
  if (named.length > 1) throw unconverted(`GraphModel with ${named.length} outputs`);
  if (named.length === 1) return named[0]!;
  const read = new Set(
    nodes.flatMap((n) => (n.input ?? []).map((ref) => parseInputRef(ref.replace(/^\^/, '')).node)),
  );
  const sinks = nodes.filter((n) => !read.has(n.name) && n.op !== 'NoOp' && n.op !== 'Const');
  if (sinks.length !== 1) {
    throw unconverted(`GraphModel with ${sinks.length} outputs (${sinks.map((n) => n.name).join(', ')})`);
  }
  return sinks[0]!.name;
}

/** The Placeholder's shape (`null` where -1); it must be a float tensor of known rank. */
function imageShape(placeholder: TfNode): (number | null)[] {
  const dtype = placeholder.attr?.dtype?.type;
  if (dtype !== undefined && dtype !== 'DT_FLOAT') throw unconverted(`GraphModel input of type ${dtype}`);
  const shape = attrShape(placeholder, 'shape');
  if (shape === undefined || shape.length === 0) {
    throw unconverted(`GraphModel input "${placeholder.name}" of unknown rank`);
  }
  return [shape[0] ?? null, ...shape.slice(1)];
}
