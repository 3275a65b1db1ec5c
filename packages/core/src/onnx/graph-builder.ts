/**
 * Appends nodes and constants to a graph under fresh names. Backward graphs are built with it:
 * each rule asks for ops by type and gets the output names back.
 */
import { float32ToFloat16 } from '../engine/index.js';
import { float32Tensor, int64Tensor } from './tensor-data.js';
import {
  ONNX_ATTRIBUTE_TYPE as AT,
  ONNX_DATA_TYPE as DT,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
} from './types.js';

/** Attribute values: integers and integer lists must be wrapped, plain numbers are floats. */
export type AttrValue =
  | number
  | string
  | { int: number }
  | { ints: number[] }
  | { floats: number[] }
  | { tensor: OnnxTensor };

/** Integer attribute value. */
export const int = (value: number): { int: number } => ({ int: Math.trunc(value) });
/** Integer list attribute value. */
export const ints = (values: readonly number[]): { ints: number[] } => ({ ints: values.map(Math.trunc) });

export class GraphBuilder {
  private readonly used: Set<string>;
  private readonly constants = new Map<string, string>();
  private counter = 0;

  /**
   * @param graph - graph to append to (mutated)
   * @param floatType - element type of float constants: the graph's compute type
   */
  constructor(
    readonly graph: OnnxGraph,
    readonly floatType: number = DT.FLOAT,
    private readonly prefix = 'snowblind_grad',
  ) {
    this.used = new Set<string>();
    for (const i of graph.input ?? []) this.used.add(i.name);
    for (const t of graph.initializer ?? []) this.used.add(t.name ?? '');
    for (const n of graph.node ?? []) for (const o of n.output ?? []) this.used.add(o);
  }

  /** A tensor name not yet used in the graph. */
  fresh(hint: string): string {
    let name: string;
    do name = `${this.prefix}/${hint}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  /** Append a node with `outputs` fresh outputs; returns their names. */
  nodeN(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    outputs = 1,
  ): string[] {
    const node = this.create(opType, inputs, attrs, outputs);
    this.append(node);
    return node.output!;
  }

  /** Append an already built node. */
  append(node: OnnxNode): void {
    this.graph.node ??= [];
    this.graph.node.push(node);
  }

  /** A node with fresh output names that is not appended (for in-place rewrites). */
  create(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    outputs = 1,
  ): OnnxNode {
    const names = Array.from({ length: outputs }, () => this.fresh(opType));
    return { opType, input: [...inputs], output: names, name: names[0]!, attribute: toAttributes(attrs) };
  }

  /** Append a single-output node; returns its output name. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}): string {
    return this.nodeN(opType, inputs, attrs, 1)[0]!;
  }

  /** An int64 constant (shared between uses). */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i64:${dims.join(',')}:${values.join(',')}`;
    return this.cached(key, (name) => int64Tensor(name, dims, values));
  }

  /** A float constant in the graph's compute type (shared between uses). */
  float(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `f:${this.floatType}:${dims.join(',')}:${values.join(',')}`;
    return this.cached(key, (name) => {
      if (this.floatType !== DT.FLOAT16) return float32Tensor(name, dims, values);
      const bits = float32ToFloat16(Float32Array.from(values));
      return { name, dims: [...dims], dataType: DT.FLOAT16, rawData: new Uint8Array(bits.buffer) };
    });
  }

  /** A tensor of the given (int64 tensor) shape filled with `value`, in the compute type. */
  filled(shape: string, value: number): string {
    const tensor =
      this.floatType === DT.FLOAT16
        ? {
            dims: [1],
            dataType: DT.FLOAT16,
            rawData: new Uint8Array(float32ToFloat16(Float32Array.of(value)).buffer),
          }
        : float32Tensor('', [1], [value]);
    delete tensor.name;
    return this.op('ConstantOfShape', [shape], { value: { tensor } });
  }

  /** A float scalar constant. */
  scalar(value: number): string {
    return this.float([value], []);
  }

  private cached(key: string, make: (name: string) => ReturnType<typeof int64Tensor>): string {
    const hit = this.constants.get(key);
    if (hit) return hit;
    const name = this.fresh('const');
    this.graph.initializer ??= [];
    this.graph.initializer.push(make(name));
    this.constants.set(key, name);
    return name;
  }
}

function toAttributes(attrs: Record<string, AttrValue>): OnnxAttribute[] {
  return Object.entries(attrs).map(([name, v]): OnnxAttribute => {
    if (typeof v === 'number') return { name, type: AT.FLOAT, f: v };
    if (typeof v === 'string') return { name, type: AT.STRING, s: new TextEncoder().encode(v) };
    if ('int' in v) return { name, type: AT.INT, i: v.int };
    if ('ints' in v) return { name, type: AT.INTS, ints: v.ints };
    if ('tensor' in v) return { name, type: AT.TENSOR, t: v.tensor };
    return { name, type: AT.FLOATS, floats: v.floats };
  });
}
