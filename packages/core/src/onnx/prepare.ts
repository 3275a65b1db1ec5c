/**
 * The forward graph the gradient is taken of: a copy of the model, widened from float16 to
 * float32 (unless asked otherwise), upgraded to opset 17, Relu → MaxPool pairs swapped
 * (relu-pool-swap.ts), with its input and output located.
 */
import { SnowblindError } from '../errors.js';
import { isFloat16Model, upcastFloat16 } from './float16-upcast.js';
import { GraphBuilder } from './graph-builder.js';
import { upgradeOpset } from './opset-upgrade.js';
import { swapReluMaxPool } from './relu-pool-swap.js';
import { inferShapes, type ValueInfo } from './shape-inference.js';
import { ONNX_DATA_TYPE as DT, type OnnxModel, type OnnxValueInfo } from './types.js';

/** A model ready to be differentiated. */
export interface PreparedModel {
  model: OnnxModel;
  builder: GraphBuilder;
  infos: Map<string, ValueInfo>;
  input: OnnxValueInfo;
  output: OnnxValueInfo;
  /** Element type the graph computes in (float32, or float16 when not upcast). */
  floatType: number;
}

/** Copy, widen and upgrade `source` (which is left untouched). */
export function prepareModel(source: OnnxModel, upcast: boolean): PreparedModel {
  const model = cloneModel(source);
  const graph = model.graph;
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name));
  if (inputs.length !== 1 || (graph.output ?? []).length < 1) {
    throw new SnowblindError(
      'BAD_MODEL',
      `gradients need a model with one input and at least one output, got ${inputs.length} inputs`,
      { hint: 'export the classifier with a single image-batch input' },
    );
  }
  const float16 = isFloat16Model(model);
  if (float16 && upcast) upcastFloat16(model);
  const floatType = float16 && !upcast ? DT.FLOAT16 : DT.FLOAT;
  const builder = new GraphBuilder(graph, floatType);
  upgradeOpset(model, builder);
  if (process.env.SNOWBLIND_RELU_POOL_SWAP !== '0') swapReluMaxPool(graph, builder);
  // Intermediate annotations may be stale after the rewrites; onnxruntime re-infers them.
  graph.valueInfo = [];
  return {
    model,
    builder,
    infos: inferShapes(graph),
    input: inputs[0]!,
    output: graph.output![0]!,
    floatType,
  };
}

// Structure is copied, tensor payloads are shared: rewrites replace payloads, never edit them.
function cloneModel(model: OnnxModel): OnnxModel {
  const g = model.graph;
  return {
    ...model,
    opsetImport: (model.opsetImport ?? []).map((o) => ({ ...o })),
    graph: {
      ...g,
      initializer: (g.initializer ?? []).map((t) => ({ ...t })),
      node: (g.node ?? []).map((n) => ({
        ...n,
        input: [...(n.input ?? [])],
        output: [...(n.output ?? [])],
        attribute: (n.attribute ?? []).map((a) => ({ ...a, ...(a.t ? { t: { ...a.t } } : {}) })),
      })),
      input: structuredClone(g.input ?? []),
      output: structuredClone(g.output ?? []),
      valueInfo: [],
    },
  };
}
