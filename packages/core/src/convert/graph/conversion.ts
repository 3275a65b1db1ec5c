/**
 * State of one GraphModel conversion: the ONNX model being built, the value of every converted
 * GraphDef output, and the helpers rules use to read inputs and emit ops.
 */
import { SnowblindError } from '../../errors.js';
import type { AttrValue, GraphBuilder } from '../../onnx/index.js';
import { addWeight, type OnnxSkeleton } from '../onnx-skeleton.js';
import { unconverted } from '../unconverted.js';
import { dataInputs, describeNode, parseInputRef, type TfNode } from './graph-def.js';
import {
  type ConstValue,
  type Dim,
  type GraphValue,
  shapeOf,
  type TensorValue,
  tensorValue,
} from './graph-value.js';
import { identity, isIdentity, transposeBetween, transposeData } from './layout.js';

/** Converts one node: returns the value of each of its outputs (a single value for output 0). */
export type GraphOpRule = (ctx: GraphConversion, node: TfNode) => GraphValue | GraphValue[];

/**
 * One conversion in progress. Rules read their inputs as {@link GraphValue}s and ask for them as
 * ONNX tensors in the layout the ONNX op needs ({@link GraphConversion.onnx}); each layout of a
 * value is emitted once and shared.
 */
export class GraphConversion {
  readonly b: GraphBuilder;
  private readonly values = new Map<string, GraphValue[]>();

  constructor(readonly skeleton: OnnxSkeleton) {
    this.b = skeleton.builder;
  }

  /** Record the outputs of `node`. */
  set(node: TfNode, outputs: GraphValue[]): void {
    this.values.set(node.name, outputs);
  }

  /** The value of a GraphDef tensor reference (`name` or `name:k`). */
  lookup(ref: string, consumer: TfNode): GraphValue {
    const { node, index } = parseInputRef(ref);
    const value = this.values.get(node)?.[index];
    if (value === undefined) {
      throw new SnowblindError(
        'BAD_MODEL',
        `${describeNode(consumer)} reads "${ref}", which no node computes`,
        {
          hint: 'check that model.json is a complete tfjs-converter GraphModel',
        },
      );
    }
    return value;
  }

  /** The k-th data input of `node`. */
  input(node: TfNode, k: number): GraphValue {
    const ref = dataInputs(node)[k];
    if (ref === undefined) {
      throw new SnowblindError('BAD_MODEL', `${describeNode(node)} has no input ${k}`, {
        hint: 'check that model.json is a complete tfjs-converter GraphModel',
      });
    }
    return this.lookup(ref, node);
  }

  /** The k-th input when it is a float tensor or constant (not a folded shape). */
  tensorInput(node: TfNode, k: number): TensorValue | ConstValue {
    const value = this.input(node, k);
    if (value.kind === 'dims') throw unconverted(`${describeNode(node)} with a computed shape as data`);
    return value;
  }

  /** The k-th input as integers known at conversion time (axes, paddings, shapes). */
  ints(node: TfNode, k: number): Dim[] {
    const value = this.input(node, k);
    if (value.kind === 'dims') return [...value.values];
    if (value.kind === 'const') return Array.from(value.data);
    throw unconverted(`${describeNode(node)} with input ${k} computed at run time`);
  }

  /** Like {@link ints} with every entry known (no symbolic batch). */
  knownInts(node: TfNode, k: number): number[] {
    const values = this.ints(node, k);
    if (values.some((v) => v === null))
      throw unconverted(`${describeNode(node)} with a batch-dependent input ${k}`);
    return values as number[];
  }

  /** The ONNX tensor holding `value` in layout `layout` (TF order by default). */
  onnx(value: GraphValue, layout?: readonly number[]): string {
    const rank = shapeOf(value).length;
    const target = layout ?? identity(rank);
    const key = target.join(',');
    if (value.kind === 'dims') {
      if (value.values.some((v) => v === null)) throw unconverted('a batch-dependent shape used as data');
      return this.b.float(value.values as number[], value.scalar ? [] : [value.values.length]);
    }
    if (value.kind === 'tensor' && key === value.layout.join(',')) return value.name;
    const cached = value.views.get(key);
    if (cached !== undefined) return cached;
    const name =
      value.kind === 'const'
        ? addWeight(
            this.skeleton,
            'const',
            transposeData(value.data, value.shape, target),
            target.map((axis) => value.shape[axis]!),
          )
        : this.relayout(value, target);
    value.views.set(key, name);
    return name;
  }

  /**
   * `value` in layout `target`: a Reshape when only size-1 axes move (pooled [N, C, 1, 1] to
   * [N, 1, 1, C] keeps the data order), else a Transpose.
   */
  private relayout(value: TensorValue, target: readonly number[]): string {
    const sized = (layout: readonly number[]) => layout.filter((axis) => value.shape[axis] !== 1).join(',');
    // ONNX Reshape's 0 copies the input size at the same position: the batch, which stays first.
    const dims = target.map((axis, i) =>
      value.shape[axis] !== null ? value.shape[axis]! : value.layout[i] === axis ? 0 : -1,
    );
    if (sized(value.layout) === sized(target) && dims.filter((d) => d === -1).length === 0) {
      return this.b.op('Reshape', [value.name, this.b.int64(dims)]);
    }
    return this.b.op('Transpose', [value.name], { perm: { ints: transposeBetween(value.layout, target) } });
  }

  /**
   * The ONNX tensor holding `value` as an operand broadcast against a rank-`rank` tensor in
   * `layout`: lower ranks get TF's leading 1s first, so the broadcast survives the permutation.
   */
  onnxBroadcast(value: GraphValue, rank: number, layout: readonly number[]): string {
    const own = shapeOf(value).length;
    if (own === rank) return this.onnx(value, layout);
    if (isIdentity(layout)) return this.onnx(value, identity(own));
    if (value.kind === 'dims') return this.onnx(value);
    const key = `${rank}:${layout.join(',')}`;
    const cached = value.views.get(key);
    if (cached !== undefined) return cached;
    let name: string;
    if (value.kind === 'const') {
      const padded = [...new Array<number>(rank - own).fill(1), ...value.shape];
      const dims = layout.map((axis) => padded[axis]!);
      name = addWeight(this.skeleton, 'const', transposeData(value.data, padded, layout), dims);
    } else {
      const lead = Array.from({ length: rank - own }, (_, i) => i);
      const unsqueezed = this.b.op('Unsqueeze', [this.onnx(value), this.b.int64(lead)]);
      name = this.b.op('Transpose', [unsqueezed], { perm: { ints: [...layout] } });
    }
    value.views.set(key, name);
    return name;
  }

  /**
   * An int64 tensor of sizes where `null` is the batch size, read at run time from the image
   * input (a BroadcastTo to a batch-sized shape).
   */
  dimsTensor(values: readonly Dim[]): string {
    if (values.every((v) => v !== null)) return this.b.int64(values as number[]);
    const batch = this.b.op('Slice', [
      this.b.op('Shape', [this.skeleton.input]),
      this.b.int64([0]),
      this.b.int64([1]),
    ]);
    return this.b.op(
      'Concat',
      values.map((v) => (v === null ? batch : this.b.int64([v]))),
      { axis: { int: 0 } },
    );
  }

  /** Append an op and wrap its output as a tensor of TF shape `shape` held in `layout`. */
  emit(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue>,
    shape: readonly Dim[],
    layout: readonly number[] = identity(shape.length),
  ): TensorValue {
    return tensorValue(this.b.op(opType, inputs, attrs), shape, layout);
  }

  /** The layout to keep `value` in when an op does not care (its current one for tensors). */
  layoutOf(value: GraphValue): readonly number[] {
    return value.kind === 'tensor' ? value.layout : identity(shapeOf(value).length);
  }
}
