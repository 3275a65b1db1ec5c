/**
 * Rewrites a forward graph to opset 17 semantics. The backward graph needs
 * ScatterElements(reduction='add') (opset 16+), and a model has one version per domain, so older
 * forward nodes are translated to their current form: attributes that became inputs (Clip, Pad,
 * Squeeze, Unsqueeze, Split, Slice, ReduceSum), Softmax's old 2-D coercion, Upsample and Resize-10
 * (as Resize with their asymmetric coordinates), and the training-only parts of Dropout and
 * BatchNormalization (inference graphs never use them).
 */
import { SnowblindError } from '../errors.js';
import { attr, attrFloat, attrInt, attrInts, attrString, nodeLabel, removeAttr } from './attributes.js';
import type { GraphBuilder } from './graph-builder.js';
import { float32Tensor } from './tensor-data.js';
import type { OnnxModel, OnnxNode } from './types.js';

/** Lowest opset snowblind reads, and the opset of the gradient graph. */
export const MIN_OPSET = 7;
export const GRADIENT_OPSET = 17;

/** The default-domain opset version of a model. */
export function defaultOpset(model: OnnxModel): number {
  const entry = model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry?.version ?? 1;
}

/**
 * Upgrade `model` (in place) to at least {@link GRADIENT_OPSET}; `builder` creates constants.
 *
 * @throws SnowblindError `BAD_MODEL` below opset 7.
 */
export function upgradeOpset(model: OnnxModel, builder: GraphBuilder): void {
  const from = defaultOpset(model);
  if (from < MIN_OPSET) {
    throw new SnowblindError('BAD_MODEL', `ONNX opset ${from} is older than the supported ${MIN_OPSET}`, {
      hint: 'convert the model with onnx.version_converter.convert_version(model, 13)',
    });
  }
  const nodes: OnnxNode[] = [];
  for (const node of model.graph.node ?? []) {
    if (node.domain && node.domain !== 'ai.onnx') nodes.push(node);
    else nodes.push(...upgradeNode(node, from, builder));
  }
  model.graph.node = nodes;
  if (from < GRADIENT_OPSET) {
    model.opsetImport = [
      ...(model.opsetImport ?? []).filter((o) => o.domain && o.domain !== 'ai.onnx'),
      { domain: '', version: GRADIENT_OPSET },
    ];
  }
  // Opset 17 needs IR version 8.
  model.irVersion = Math.max(model.irVersion ?? 0, 8);
}

function upgradeNode(node: OnnxNode, from: number, b: GraphBuilder): OnnxNode[] {
  node.input ??= [];
  const input = node.input;
  const moveInts = (name: string, at: number) => {
    const values = attrInts(node, name);
    if (values === undefined) return;
    while (input.length < at) input.push('');
    input[at] = b.int64(values);
    removeAttr(node, name);
  };
  switch (node.opType) {
    case 'Clip':
      if (from < 11) {
        const min = attr(node, 'min') ? b.scalar(attrFloat(node, 'min', 0)) : '';
        const max = attr(node, 'max') ? b.scalar(attrFloat(node, 'max', 0)) : '';
        node.input = [input[0]!, min, max];
        removeAttr(node, 'min');
        removeAttr(node, 'max');
      }
      return [node];
    case 'Pad':
      if (from < 11) {
        const value = attrFloat(node, 'value', 0);
        moveInts('pads', 1);
        input[2] = b.scalar(value);
        removeAttr(node, 'value');
        if (attrString(node, 'mode', 'constant') !== 'constant') input.length = 2;
      }
      return [node];
    case 'Squeeze':
    case 'Unsqueeze':
    case 'ReduceSum':
      if (from < 13) moveInts('axes', 1);
      return [node];
    case 'Split':
      if (from < 13) moveInts('split', 1);
      return [node];
    case 'Slice':
      if (from < 10) {
        const axes = attrInts(node, 'axes');
        moveInts('starts', 1);
        moveInts('ends', 2);
        if (axes) moveInts('axes', 3);
      }
      return [node];
    case 'Upsample':
    case 'Resize':
      return node.opType === 'Upsample' || from < 11 ? [legacyResize(node, b)] : [node];
    case 'Softmax':
    case 'LogSoftmax':
      return from < 13 ? upgradeSoftmax(node, b) : [node];
    case 'Dropout':
      // Inference: the output is the input; the mask output is never consumed by exporters.
      return [{ ...node, opType: 'Identity', input: [input[0]!], output: [node.output![0]!], attribute: [] }];
    case 'BatchNormalization':
      if (attrInt(node, 'training_mode', 0) === 1 || (from < 9 && attrInt(node, 'spatial', 1) === 0)) {
        throw new SnowblindError(
          'UNSUPPORTED_OP',
          `BatchNormalization ${nodeLabel(node)} is in training mode`,
          {
            hint: 'export the model in eval mode (model.eval() before torch.onnx.export)',
          },
        );
      }
      for (const a of ['spatial', 'is_test', 'consumed_inputs', 'training_mode']) removeAttr(node, a);
      node.output = [node.output![0]!];
      return [node];
    default:
      return [node];
  }
}

// Before opset 13 Softmax flattened its input to 2-D at `axis` and normalised each row.
function upgradeSoftmax(node: OnnxNode, b: GraphBuilder): OnnxNode[] {
  const x = node.input![0]!;
  const axis = attrInt(node, 'axis', 1);
  const flatten = b.create('Flatten', [x], { axis: { int: axis } });
  const softmax: OnnxNode = { ...node, input: [flatten.output![0]!], output: [b.fresh(node.opType)] };
  softmax.attribute = [{ name: 'axis', type: 2, i: 1 }];
  const shape = b.create('Shape', [x]);
  const reshape: OnnxNode = {
    opType: 'Reshape',
    name: `${node.name ?? node.output![0]}/reshape`,
    input: [softmax.output![0]!, shape.output![0]!],
    output: [node.output![0]!],
  };
  return [flatten, softmax, shape, reshape];
}

// Upsample (opset 7–9, deprecated at 10) and Resize-10 take [X, scales] (Upsample-7: a `scales`
// attribute) and map output x to input x / scale with flooring nearest neighbours; Resize-11+
// spells that out as attributes, with an empty roi before the scales.
function legacyResize(node: OnnxNode, b: GraphBuilder): OnnxNode {
  const scales = attr(node, 'scales')?.floats;
  let scalesInput = node.input![1] ?? '';
  if (scales) {
    // Resize scales are float32 whatever the model computes in.
    scalesInput = b.fresh('scales');
    b.graph.initializer ??= [];
    b.graph.initializer.push(float32Tensor(scalesInput, [scales.length], scales));
  }
  const mode = attrString(node, 'mode', 'nearest');
  return {
    ...node,
    opType: 'Resize',
    input: [node.input![0]!, '', scalesInput],
    attribute: [
      { name: 'mode', type: 3, s: new TextEncoder().encode(mode) },
      { name: 'coordinate_transformation_mode', type: 3, s: new TextEncoder().encode('asymmetric') },
      { name: 'nearest_mode', type: 3, s: new TextEncoder().encode('floor') },
    ],
  };
}
