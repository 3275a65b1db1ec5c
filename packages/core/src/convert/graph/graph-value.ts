/**
 * What a GraphDef tensor is during conversion: an ONNX tensor computed at run time, a constant
 * (a weight or a folded shape), or an integer vector of sizes where the batch is still symbolic.
 */

/** A size: `null` when only known at run time (the batch). */
export type Dim = number | null;

/** A tensor computed by the ONNX graph. */
export interface TensorValue {
  readonly kind: 'tensor';
  /** Shape in TF axis order. */
  readonly shape: readonly Dim[];
  /** Layout of {@link TensorValue.name} (see layout.ts): physical axis i holds TF axis layout[i]. */
  readonly layout: readonly number[];
  /** The ONNX tensor. */
  readonly name: string;
  /** Transposed copies already emitted, by layout key. */
  readonly views: Map<string, string>;
}

/** A constant known at conversion time (Const nodes' weights). */
export interface ConstValue {
  readonly kind: 'const';
  readonly data: Float32Array;
  readonly shape: readonly number[];
  /** Initializers already emitted, by layout key. */
  readonly views: Map<string, string>;
}

/** A 1-D (or scalar) integer value folded from shapes (Shape → StridedSlice → Pack). */
export interface DimsValue {
  readonly kind: 'dims';
  /** `null` stands for the batch size. */
  readonly values: readonly Dim[];
  readonly scalar: boolean;
}

export type GraphValue = TensorValue | ConstValue | DimsValue;

/** A tensor value with no other view yet. */
export function tensorValue(name: string, shape: readonly Dim[], layout: readonly number[]): TensorValue {
  return { kind: 'tensor', name, shape, layout, views: new Map() };
}

/** A constant value. */
export function constValue(data: Float32Array, shape: readonly number[]): ConstValue {
  return { kind: 'const', data, shape, views: new Map() };
}

/** The shape of any value in TF order. */
export function shapeOf(value: GraphValue): readonly Dim[] {
  if (value.kind === 'dims') return value.scalar ? [] : [value.values.length];
  return value.shape;
}
