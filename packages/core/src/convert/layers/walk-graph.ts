/**
 * Runs a Keras graph symbolically: each layer call becomes ONNX nodes once the tensors it reads
 * exist. Nested models are walked with their inputs bound to the caller's tensors.
 */
import { SnowblindError } from '../../errors.js';
import type { OnnxSkeleton } from '../onnx-skeleton.js';
import { unconverted } from '../unconverted.js';
import type { DecodedWeight } from '../weights.js';
import type { KerasGraph, KerasLayer, TensorRef } from './keras-topology.js';
import { LayerContext } from './layer-context.js';
import { LAYER_RULES } from './layer-rules.js';
import type { TensorValue } from './tensor-value.js';

/**
 * Keras numbers a layer's nodes across every model it was called in (a nested model's node 0 is
 * its own input), so the refs to a layer are mapped to its calls in this graph by rank.
 */
function callIndexer(graph: KerasGraph): (ref: TensorRef) => number {
  const seen = new Map<string, Set<number>>();
  const note = (ref: TensorRef) => {
    const set = seen.get(ref.layer) ?? new Set<number>();
    seen.set(ref.layer, set.add(ref.node));
  };
  for (const layer of graph.layers) for (const call of layer.calls) call.forEach(note);
  graph.outputs.forEach(note);
  const calls = new Map(graph.layers.map((l) => [l.name, l.calls.length]));
  return (ref) => {
    const indices = [...(seen.get(ref.layer) ?? [])].sort((a, b) => a - b);
    const count = calls.get(ref.layer) ?? 0;
    if (indices.length === count) return indices.indexOf(ref.node);
    return Math.min(ref.node, Math.max(count - 1, 0));
  };
}

/** `layer\0call` of every layer call the graph's outputs depend on. */
function neededCalls(graph: KerasGraph, callOf: (ref: TensorRef) => number): Set<string> {
  const layers = new Map(graph.layers.map((l) => [l.name, l]));
  const needed = new Set<string>();
  const stack = [...graph.outputs];
  for (let ref = stack.pop(); ref !== undefined; ref = stack.pop()) {
    const id = `${ref.layer}\u0000${callOf(ref)}`;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...(layers.get(ref.layer)?.calls[callOf(ref)] ?? []));
  }
  return needed;
}

/** Convert `graph` with its inputs bound to `inputs`; returns its output values. */
export function walkGraph(
  skeleton: OnnxSkeleton,
  weights: ReadonlyMap<string, DecodedWeight>,
  graph: KerasGraph,
  inputs: readonly TensorValue[],
): TensorValue[] {
  const callOf = callIndexer(graph);
  const key = (ref: TensorRef) => `${ref.layer}\u0000${callOf(ref)}\u0000${ref.tensor}`;
  const values = new Map<string, TensorValue>();
  graph.inputs.forEach((ref, i) => {
    values.set(`${ref.layer}\u00000\u0000${ref.tensor}`, inputs[i]!);
  });
  // Only the calls the outputs depend on: a dangling layer is neither converted nor counted.
  const needed = neededCalls(graph, callOf);
  let pending = graph.layers
    .flatMap((layer) => layer.calls.map((call, index) => ({ layer, call, index })))
    .filter(({ layer, index }) => needed.has(`${layer.name}\u0000${index}`));
  const consumers = new Map<string, number>();
  const count = (ref: TensorRef) => {
    consumers.set(key(ref), (consumers.get(key(ref)) ?? 0) + 1);
  };
  for (const { call } of pending) call.forEach(count);
  graph.outputs.forEach(count);

  while (pending.length > 0) {
    const waiting = pending.filter(({ layer, call, index }) => {
      if (!call.every((ref) => values.has(key(ref)))) return true;
      const outKey = `${layer.name}\u0000${index}\u00000`;
      const uses = consumers.get(outKey) ?? 0;
      const outputs = convertCall(
        skeleton,
        weights,
        layer,
        call.map((ref) => values.get(key(ref))!),
        uses,
      );
      outputs.forEach((value, t) => {
        // Only a tensor read exactly once may have a batch norm folded into its conv.
        const { conv, ...plain } = value;
        values.set(`${layer.name}\u0000${index}\u0000${t}`, conv && uses !== 1 ? plain : value);
      });
      return false;
    });
    if (waiting.length === pending.length) {
      throw new SnowblindError(
        'BAD_MODEL',
        `model "${graph.name}": layer "${waiting[0]!.layer.name}" reads a tensor no layer makes`,
        {
          hint: 'check that model.json is the one tfjs-converter or model.save() wrote',
        },
      );
    }
    pending = waiting;
  }
  return graph.outputs.map((ref) => {
    const value = values.get(key(ref));
    if (!value)
      throw unconverted(`model "${graph.name}" (output ${ref.layer}[${ref.tensor}] is not computed)`);
    return value;
  });
}

function convertCall(
  skeleton: OnnxSkeleton,
  weights: ReadonlyMap<string, DecodedWeight>,
  layer: KerasLayer,
  inputs: TensorValue[],
  uses: number,
): TensorValue[] {
  if (layer.nested) {
    if (layer.nested.inputs.length !== inputs.length)
      throw unconverted(`layer "${layer.name}" (${layer.className} called on ${inputs.length} tensors)`);
    return walkGraph(skeleton, weights, layer.nested, inputs);
  }
  const rule = LAYER_RULES[layer.className];
  if (!rule) throw unconverted(`layer "${layer.name}" (${layer.className})`);
  return [rule(new LayerContext(skeleton, layer, weights, uses), inputs)];
}
