/** Linear classifiers with analytic gradients, for tests of gradient-based searches (fool, attacks). */
import type { Classifier, GradientModel, OutputKind, Preset } from '@snowblind/core';

/** A gray 6×6 NHWC preset with a non-trivial normalisation (no resize, no crop change). */
export const GRAY_PRESET: Preset = Object.freeze({
  name: 'test-gray',
  resize: null,
  crop: [6, 6] as const,
  layout: 'NHWC',
  channelOrder: 'RGB',
  grayscale: true,
  scale: 1 / 255,
  mean: [0.5],
  std: [0.25],
}) as Preset;

/** A BGR, NCHW, 4×5 (not square) preset with per-channel mean and std, as Caffe models take. */
export const BGR_PRESET: Preset = Object.freeze({
  name: 'test-bgr',
  resize: null,
  crop: [4, 5] as const,
  layout: 'NCHW',
  channelOrder: 'BGR',
  grayscale: false,
  scale: 1,
  mean: [100, 110, 120],
  std: [2, 3, 4],
}) as Preset;

/** A linear softmax classifier and its weights (model-input space, the preset's layout). */
export interface LinearClassifier extends Classifier {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/**
 * `logits = W·v + b` on the preprocessed input v, as a plain {@link Classifier} whose gradient
 * model is analytic: ∂z_t/∂v = W_t, and for probability outputs ∂p_t/∂v = p_t (W_t − Σ_j p_j W_j).
 * With `gradients: false` it has no gradient model (forward passes only).
 * `weights` holds `bias.length` rows of the preset's input size (crop × channels).
 */
export function linearClassifier(options: {
  preset: Preset;
  weights: Float64Array;
  bias: Float64Array;
  outputKind?: OutputKind;
  gradients?: boolean;
}): LinearClassifier {
  const { preset, weights, bias } = options;
  const channels = preset.mean.length;
  const classes = bias.length;
  // One weight per class and model-input value (the preset's crop × channels).
  const size = weights.length / classes;
  const kind = options.outputKind ?? 'logits';
  const logits = (input: Float32Array, row: number) => {
    const z = new Float64Array(classes);
    for (let c = 0; c < classes; c++) {
      let s = bias[c]!;
      for (let i = 0; i < size; i++) s += weights[c * size + i]! * input[row * size + i]!;
      z[c] = s;
    }
    return z;
  };
  const probabilities = (z: Float64Array) => {
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  };
  const predict = async (input: Float32Array, n: number) => {
    const out = new Float32Array(n * classes);
    for (let r = 0; r < n; r++) {
      const z = logits(input, r);
      out.set(kind === 'logits' ? z : probabilities(z), r * classes);
    }
    return out;
  };
  const gradientModel: GradientModel = {
    inputSize: size,
    numClasses: classes,
    forward: predict,
    async gradient(input, n, targets) {
      const gradients = new Float32Array(n * size);
      for (let r = 0; r < n; r++) {
        const t = targets[r]!;
        const p = probabilities(logits(input, r));
        for (let i = 0; i < size; i++) {
          let g = weights[t * size + i]!;
          if (kind === 'probabilities') {
            let mean = 0;
            for (let c = 0; c < classes; c++) mean += p[c]! * weights[c * size + i]!;
            g = p[t]! * (g - mean);
          }
          gradients[r * size + i] = g;
        }
      }
      return { outputs: await predict(input, n), gradients };
    },
  };
  return {
    id: 'linear',
    format: 'onnx',
    labels: Array.from({ length: classes }, (_, c) => `class ${c}`),
    preset,
    outputKind: kind,
    numClasses: classes,
    inputChannels: channels,
    backend: 'cpu',
    weights,
    bias,
    predict,
    ...(options.gradients === false ? {} : { gradientModel: async () => gradientModel }),
    async dispose() {},
  };
}

/** Deterministic pseudo-random weights in [−1, 1) (a sine hash: no RNG state to share). */
export function sineWeights(count: number, salt: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => {
    const v = Math.sin(12.9898 * (i + 1) + 78.233 * salt) * 43758.5453;
    return 2 * (v - Math.floor(v)) - 1;
  });
}
