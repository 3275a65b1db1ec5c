/** A fake classifier for core's audit and report tests (never in `dist`: `test/` is not compiled). */
import type { Preset } from '../src/image/types.js';
import type { Classifier, OutputKind } from '../src/models/types.js';

/** A tiny preset for fast tests: 6×6 noise cropped to 4×4, NCHW. */
export const TINY_PRESET: Preset = Object.freeze({
  name: 'tiny',
  resize: null,
  crop: [4, 4] as const,
  layout: 'NCHW',
  channelOrder: 'RGB',
  grayscale: false,
  scale: 1 / 255,
  mean: [0.5, 0.5, 0.5],
  std: [0.25, 0.25, 0.25],
}) as Preset;

export const FAKE_LABELS = ['jellyfish', 'stole', 'poncho', 'chain-link fence', 'window screen'] as const;

/**
 * A deterministic linear classifier for tests: logit c of an image is
 * Σ_j w(c, j)·x_j over the first 8 input values, w(c, j) = sin(1 + phase + 3c + 7j)·scale.
 * Each row depends on its own image only, so batching cannot change the output.
 */
export function fakeClassifier(
  options: {
    id?: string;
    outputKind?: OutputKind;
    preset?: Preset;
    scale?: number;
    /** Shifts the weights: a different phase is a different model. @defaultValue 0 */
    phase?: number;
    onPredict?: (input: Float32Array, n: number) => void;
  } = {},
): Classifier & { calls: number } {
  const preset = options.preset ?? TINY_PRESET;
  const classes = FAKE_LABELS.length;
  const size = 3 * 4 * 4;
  const scale = options.scale ?? 2;
  const phase = options.phase ?? 0;
  const outputKind = options.outputKind ?? 'logits';
  const model = {
    id: options.id ?? 'fake-linear',
    format: 'onnx' as const,
    labels: FAKE_LABELS,
    preset,
    outputKind,
    numClasses: classes,
    inputChannels: 3,
    backend: 'cpu' as const,
    calls: 0,
    async predict(input: Float32Array, n: number): Promise<Float32Array> {
      model.calls++;
      options.onPredict?.(input, n);
      const out = new Float32Array(n * classes);
      for (let r = 0; r < n; r++) {
        let z = 0;
        const logits: number[] = [];
        for (let c = 0; c < classes; c++) {
          let s = 0;
          for (let j = 0; j < 8; j++) s += Math.sin(1 + phase + 3 * c + 7 * j) * scale * input[r * size + j]!;
          logits.push(s);
          z += Math.exp(s);
        }
        for (let c = 0; c < classes; c++)
          out[r * classes + c] = outputKind === 'logits' ? logits[c]! : Math.exp(logits[c]!) / z;
      }
      return out;
    },
    async dispose(): Promise<void> {},
  };
  return model;
}
