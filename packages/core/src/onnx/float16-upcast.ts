/**
 * Widens a float16 model to float32 (in place): initializers, Constant values, Cast targets and
 * the graph's declared input/output types. float16 gradients through a deep network underflow and
 * lose most digits, so snowblind differentiates float16 models in float32 by default.
 */
import { attr } from './attributes.js';
import { forEachTensor } from './model.js';
import { float32Tensor, tensorToFloat32 } from './tensor-data.js';
import { ONNX_DATA_TYPE as DT, type OnnxGraph, type OnnxModel, type OnnxValueInfo } from './types.js';

/** True when the model computes in float16 (any float16 initializer, input or output). */
export function isFloat16Model(model: OnnxModel): boolean {
  const g = model.graph;
  const declared = [...(g.input ?? []), ...(g.output ?? [])].some(
    (v) => v.type?.tensorType?.elemType === DT.FLOAT16,
  );
  return declared || (g.initializer ?? []).some((t) => t.dataType === DT.FLOAT16);
}

/** Convert every float16 tensor, Cast and declared type of `model` to float32. */
export function upcastFloat16(model: OnnxModel): void {
  upcastGraph(model.graph);
}

function upcastGraph(graph: OnnxGraph): void {
  forEachTensor(graph, (tensor) => {
    if (tensor.dataType !== DT.FLOAT16) return;
    const wide = float32Tensor(tensor.name ?? '', tensor.dims ?? [], tensorToFloat32(tensor));
    tensor.dataType = DT.FLOAT;
    tensor.rawData = wide.rawData!;
  });
  for (const node of graph.node ?? []) {
    if (node.opType === 'Cast') {
      const to = attr(node, 'to');
      if (to?.i === DT.FLOAT16) to.i = DT.FLOAT;
    }
  }
  const widen = (v: OnnxValueInfo) => {
    const t = v.type?.tensorType;
    if (t?.elemType === DT.FLOAT16) t.elemType = DT.FLOAT;
  };
  for (const list of [graph.input, graph.output, graph.valueInfo]) list?.forEach(widen);
}
