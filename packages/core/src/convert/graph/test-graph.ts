/**
 * Test support (not built): GraphModel artifacts written node by node as tfjs-converter would
 * (GraphDef JSON, Const values in the weights), seeded weights, and the two runs a parity test
 * compares: `tf.loadGraphModel(...).execute()` on the cpu backend and the converted ONNX model.
 */
import { relativeError } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createOnnxSession } from '../../engine/index.js';
import { createOnnxGradientRunner, type OnnxModel, serializeOnnxModel } from '../../onnx/index.js';
import { convertGraphModel } from './convert-graph-model.js';
import type { TfAttrValue, TfNode } from './graph-def.js';

// The LayersModel tests read it from here too.
export { relativeError };

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Attribute values in GraphDef JSON form. */
export const attr = {
  str: (s: string): TfAttrValue => ({ s: b64(s) }),
  strs: (list: string[]): TfAttrValue => ({ list: { s: list.map(b64) } }),
  ints: (list: number[]): TfAttrValue => ({ list: { i: list.map(String) } }),
  int: (i: number): TfAttrValue => ({ i: String(i) }),
  float: (f: number): TfAttrValue => ({ f }),
  bool: (b: boolean): TfAttrValue => ({ b }),
  float32: { type: 'DT_FLOAT' } as TfAttrValue,
};

/** Conv attributes: NHWC strides and dilations, padding. */
export function convAttrs(
  stride: number,
  padding: 'SAME' | 'VALID' | 'EXPLICIT',
  dilation = 1,
): Record<string, TfAttrValue> {
  return {
    T: attr.float32,
    strides: attr.ints([1, stride, stride, 1]),
    dilations: attr.ints([1, dilation, dilation, 1]),
    padding: attr.str(padding),
    data_format: attr.str('NHWC'),
  };
}

interface Weight {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/** A GraphDef under construction; every method returns the new node's name. */
export class GraphFixture {
  readonly nodes: TfNode[] = [];
  private readonly weights: Weight[] = [];
  private readonly next: () => number;
  private counter = 0;

  constructor(seed = 1) {
    const rng = xoroshiro128plus(seed);
    this.next = () => uniformFloat64(rng);
  }

  /** Seeded uniform values in [lo, hi). */
  uniform(count: number, lo = -1, hi = 1): Float32Array {
    return Float32Array.from({ length: count }, () => lo + (hi - lo) * this.next());
  }

  placeholder(shape: number[], name = 'input'): string {
    return this.add(name, 'Placeholder', [], {
      dtype: attr.float32,
      shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } },
    });
  }

  /** A float Const, seeded uniform in [lo, hi) unless `values` are given. */
  const(shape: number[], values?: ArrayLike<number>, lo = -0.5, hi = 0.5): string {
    const count = shape.reduce((p, d) => p * d, 1);
    const data = values === undefined ? this.uniform(count, lo, hi) : Float32Array.from(values);
    return this.weight(shape, 'float32', data, attr.float32);
  }

  /** An int32 Const (axes, shapes, paddings). */
  ints(values: number[], shape: number[] = [values.length]): string {
    return this.weight(shape, 'int32', Int32Array.from(values), { type: 'DT_INT32' });
  }

  /** Any op node. */
  op(op: string, inputs: string[], attrs: Record<string, TfAttrValue> = {}): string {
    return this.add(`${op.replace(/^_/, '')}_${this.counter++}`, op, inputs, attrs);
  }

  /** The GraphModel artifacts (`format: graph-model`), output named by a signature when given. */
  artifacts(output?: string): tf.io.ModelArtifacts {
    const buffers = this.weights.map(
      (w) => new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength),
    );
    const total = buffers.reduce((n, b) => n + b.byteLength, 0);
    const weightData = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
      weightData.set(b, offset);
      offset += b.byteLength;
    }
    return {
      format: 'graph-model',
      generatedBy: 'snowblind test',
      convertedBy: 'snowblind test',
      modelTopology: { node: this.nodes, versions: { producer: 1982 } },
      weightSpecs: this.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
      weightData: weightData.buffer,
      ...(output === undefined ? {} : { signature: { outputs: { y: { name: `${output}:0` } } } }),
    } as tf.io.ModelArtifacts;
  }

  private weight(shape: number[], dtype: Weight['dtype'], data: Weight['data'], type: TfAttrValue): string {
    const name = `const_${this.counter++}`;
    this.weights.push({ name, shape, dtype, data });
    return this.add(name, 'Const', [], { dtype: type });
  }

  private add(name: string, op: string, input: string[], attrs: Record<string, TfAttrValue>): string {
    this.nodes.push({ name, op, input, attr: attrs });
    return name;
  }
}

/** `tf.loadGraphModel(...).execute()` on the cpu backend. */
export async function runGraphModel(
  artifacts: tf.io.ModelArtifacts,
  input: Float32Array,
  dims: readonly number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  await tf.setBackend('cpu');
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  try {
    return tf.tidy(() => {
      const y = model.execute(tf.tensor(input, [...dims])) as tf.Tensor;
      return { data: y.dataSync() as Float32Array, dims: y.shape };
    });
  } finally {
    model.dispose();
  }
}

/** The converted model in onnxruntime on one NHWC batch. */
export async function runConverted(
  model: OnnxModel,
  input: Float32Array,
  dims: readonly number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const { Tensor } = await import('onnxruntime-node');
  const session = await createOnnxSession(serializeOnnxModel(model), { threads: 1 });
  try {
    const out = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [...dims]) });
    const y = out[session.outputNames[0]!]!;
    return { data: y.data as Float32Array, dims: [...y.dims] };
  } finally {
    await session.release();
  }
}

/**
 * Convert `artifacts`, run it and TF.js on the same seeded batch of `dims` (uniform in [-1, 1])
 * and return the relative error, `Infinity` when the output shapes differ.
 */
export async function conversionError(
  artifacts: tf.io.ModelArtifacts,
  dims: readonly number[],
  seed = 7,
): Promise<{ error: number; onnx: OnnxModel }> {
  const onnx = convertGraphModel(artifacts);
  const input = new GraphFixture(seed).uniform(dims.reduce((p, d) => p * d, 1));
  const expected = await runGraphModel(artifacts, input, dims);
  const actual = await runConverted(onnx, input, dims);
  const sameShape = actual.dims.join() === expected.dims.join();
  return { error: sameShape ? relativeError(actual.data, expected.data) : Number.POSITIVE_INFINITY, onnx };
}

/**
 * For a graph that is linear in its input (pads, average pools): the converted model's input
 * gradient of every output against TF.js's forward pass on unit inputs, whose outputs are exactly
 * the Jacobian's columns — a reference that does not rely on TF.js's own gradients.
 *
 * @param shape - one example's shape (without the batch)
 */
export async function linearGradientError(
  artifacts: tf.io.ModelArtifacts,
  shape: readonly number[],
): Promise<number> {
  const size = shape.reduce((p, d) => p * d, 1);
  const units = new Float32Array(size * size);
  for (let i = 0; i < size; i++) units[i * size + i] = 1;
  const columns = await runGraphModel(artifacts, units, [size, ...shape]);
  const outputs = columns.data.length / size;
  const runner = await createOnnxGradientRunner(serializeOnnxModel(convertGraphModel(artifacts)), {
    threads: 1,
  });
  try {
    const targets = Array.from({ length: outputs }, (_, k) => k);
    const { gradients } = await runner.forwardBackward(new Float32Array(outputs * size), outputs, targets);
    // gradients[k][i] = ∂y_k/∂x_i = y_k(e_i) = columns[i][k]
    const expected = Float32Array.from(
      gradients,
      (_, j) => columns.data[(j % size) * outputs + Math.floor(j / size)]!,
    );
    return relativeError(gradients, expected);
  } finally {
    await runner.dispose();
  }
}
