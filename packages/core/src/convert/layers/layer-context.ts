/**
 * What a layer rule sees: its Keras config, its weights by Keras name (`kernel`, `gamma`, ...),
 * and the model under construction.
 */
import { SnowblindError } from '../../errors.js';
import { addWeight, type OnnxSkeleton } from '../onnx-skeleton.js';
import { unconverted } from '../unconverted.js';
import type { DecodedWeight } from '../weights.js';
import type { KerasLayer } from './keras-topology.js';
import type { TensorValue } from './tensor-value.js';

/** Node attributes as the skeleton's builder takes them. */
export type Attrs = NonNullable<Parameters<OnnxSkeleton['builder']['op']>[2]>;

/** Converts one call of a layer: inputs in, output out. */
export type LayerRule = (ctx: LayerContext, inputs: readonly TensorValue[]) => TensorValue;

export class LayerContext {
  constructor(
    readonly skeleton: OnnxSkeleton,
    readonly layer: KerasLayer,
    private readonly weights: ReadonlyMap<string, DecodedWeight>,
    /** How many layer calls (and model outputs) read this call's output. */
    readonly consumers: number,
  ) {}

  /** A config entry. */
  get<T = unknown>(key: string): T | undefined {
    return this.layer.config[key] as T | undefined;
  }

  /** A numeric config entry, or `fallback` when absent or null. */
  num(key: string, fallback: number): number {
    const v = this.layer.config[key];
    return typeof v === 'number' ? v : fallback;
  }

  /** A 2-D config entry (`kernel_size`, `strides`, ...) given as one number or a pair. */
  pair(key: string, fallback: number): [number, number] {
    const v = this.layer.config[key];
    if (typeof v === 'number') return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number'))
      return [v[0] as number, v[1] as number];
    if (v === undefined || v === null) return [fallback, fallback];
    throw this.unsupported(`${key} ${JSON.stringify(v)}`);
  }

  /** The `UNSUPPORTED_OP` error naming this layer, its class and the setting. */
  unsupported(setting: string): SnowblindError {
    return unconverted(`layer "${this.layer.name}" (${this.layer.className} with ${setting})`);
  }

  /** Refuse `data_format: channels_first` (the converter follows TF.js' channels_last). */
  requireChannelsLast(): void {
    const format = this.get('data_format');
    if (format !== undefined && format !== null && format !== 'channels_last') {
      throw this.unsupported(`data_format ${String(format)}`);
    }
  }

  /** The layer's weight `key` (e.g. `kernel`), or undefined when the model has none. */
  optionalWeight(key: string): DecodedWeight | undefined {
    const exact = this.weights.get(`${this.layer.name}/${key}`);
    if (exact) return exact;
    // Keras exports may scope names further (`model/conv1/kernel`, `conv1/kernel:0`).
    for (const [name, weight] of this.weights) {
      const parts = name.replace(/:0$/, '').split('/');
      if (parts.at(-1) === key && parts.slice(0, -1).includes(this.layer.name)) return weight;
    }
    return undefined;
  }

  /** The layer's weight `key`; `BAD_MODEL` when missing. */
  weight(key: string): DecodedWeight {
    const w = this.optionalWeight(key);
    if (w) return w;
    throw new SnowblindError(
      'BAD_MODEL',
      `layer "${this.layer.name}" has no weight "${key}" in the weights manifest`,
      {
        hint: 'check that model.json and its weight files come from the same export',
      },
    );
  }

  /** Append a single-output node. */
  op(opType: string, inputs: readonly string[], attrs: Attrs = {}): string {
    return this.skeleton.builder.op(opType, inputs, attrs);
  }

  /** Add a float32 initializer named after the layer. */
  constant(key: string, values: ArrayLike<number>, dims: readonly number[]): string {
    return addWeight(this.skeleton, `${this.layer.name}/${key}`, values, dims);
  }
}
