/**
 * Relu → MaxPool becomes MaxPool → Relu in the graph that is differentiated (ResNet's and
 * GoogLeNet's stems, VGG's and AlexNet's stages): the same values, and the same gradient, with
 * the ReLU's mask applied to the pooled tensor (a quarter of the size for 2 × 2 strides) instead
 * of the pool's input, where the pool gradient's scatter output also forced a layout reorder.
 *
 * @remarks Exact, also for the gradient PyTorch gives: ReLU is monotone, so max(relu(a), relu(b))
 * = relu(max(a, b)) in floating point. Where a window's maximum is positive, the positive values
 * are unchanged and the non-positive ones rank below it, so the first maximum (the position the
 * gradient goes to) is the same, and both masks are 1 there. Where it is ≤ 0 both gradients are
 * 0: the pooled ReLU's mask is 0, and before the swap every entry of the window had mask 0.
 */
import type { GraphBuilder } from './graph-builder.js';
import type { OnnxGraph } from './types.js';

/**
 * Swap every Relu whose output only feeds one single-output MaxPool (and is no graph output)
 * with that pool, in place. Node order stays topological: the Relu moves to the pool's place.
 *
 * @returns how many pairs were swapped
 */
export function swapReluMaxPool(graph: OnnxGraph, b: GraphBuilder): number {
  const nodes = graph.node ?? [];
  const consumers = new Map<string, number>();
  for (const node of nodes) for (const i of node.input ?? []) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  const producer = new Map<string, number>();
  nodes.forEach((node, i) => {
    for (const o of node.output ?? []) producer.set(o, i);
  });
  let swapped = 0;
  for (let p = 0; p < nodes.length; p++) {
    const pool = nodes[p]!;
    if (
      pool.opType !== 'MaxPool' ||
      (pool.domain ?? '') !== '' ||
      (pool.output ?? []).filter(Boolean).length !== 1
    )
      continue;
    const r = pool.input![0]!;
    const at = producer.get(r);
    const relu = at === undefined ? undefined : nodes[at];
    if (relu?.opType !== 'Relu' || (relu.domain ?? '') !== '') continue;
    if (consumers.get(r) !== 1 || outputs.has(r)) continue;
    const pooled = b.fresh('pooled_before_relu');
    const y = pool.output![0]!;
    pool.input![0] = relu.input![0]!;
    pool.output![0] = pooled;
    relu.input = [pooled];
    relu.output = [y];
    nodes.splice(at!, 1);
    nodes.splice(p, 0, relu);
    producer.clear();
    nodes.forEach((node, i) => {
      for (const o of node.output ?? []) producer.set(o, i);
    });
    swapped++;
  }
  return swapped;
}
