import type { GradientModel } from '../attribution/types.js';
import type { BackendName } from '../engine/types.js';
import type { Preset } from '../image/types.js';

export type { BackendName, DeviceName } from '../engine/types.js';

/** Model file formats snowblind loads. */
export type ModelFormat = 'onnx' | 'tfjs-layers' | 'tfjs-graph';

/** What a model's output means. */
export type OutputKind = 'logits' | 'probabilities';

/** What ran a model: onnxruntime (ONNX models and TF.js models converted to ONNX) or TF.js. */
export type EngineName = 'onnx' | 'tfjs';

/**
 * A loaded image classifier. Implementations stay private to `models/`; users get this
 * interface from {@link loadModel}.
 */
export interface Classifier {
  /** Registry id, or the file path the model was loaded from. */
  readonly id: string;
  readonly format: ModelFormat;
  /** Class names in output order. Missing labels are filled with `class <i>`. */
  readonly labels: readonly string[];
  readonly preset: Preset;
  /** Whether {@link Classifier.predict} returns logits or softmax probabilities. */
  readonly outputKind: OutputKind;
  /** Number of classes (length of one output row). */
  readonly numClasses: number;
  /** Input channels the model expects (1 or 3). */
  readonly inputChannels: number;
  /** The engine actually in use, recorded in every report. */
  readonly backend: BackendName;
  /**
   * Why a TF.js model runs on the TF.js engine although engine `auto` asked for onnxruntime: the
   * converter's message naming the first layer or op it cannot convert. Absent otherwise.
   */
  readonly fallback?: string;
  /**
   * Run a batch. `input` holds `n` preprocessed images laid out per `preset.layout`
   * (n × C × H × W or n × H × W × C, float32). Returns n × numClasses float32 values.
   */
  predict(input: Float32Array, n: number): Promise<Float32Array>;
  /**
   * Input gradients for attribution methods, when the engine can give them: TF.js models through
   * `tf.grad`, ONNX models through a backward graph run in onnxruntime. Created on first use.
   */
  gradientModel?(): Promise<GradientModel>;
  /** Free native memory (ONNX session, TF.js tensors). */
  dispose(): Promise<void>;
}
