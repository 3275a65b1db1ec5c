/**
 * Gradient check of any ONNX model: the directional derivative ⟨∇f(x), v⟩ from the ONNX gradient
 * graph against the central difference (f(x+εv) − f(x−εv)) / 2ε through onnxruntime's forward
 * pass of the same graph, for random inputs, directions and target classes.
 */
import { createOnnxGradientRunner } from './gradient-runner.js';
import type { GradientTarget } from './gradient-model.js';

/** Options for {@link gradcheck}. */
export interface GradcheckOptions {
  /** @defaultValue 4 */
  samples?: number;
  /** @defaultValue 0 */
  seed?: number;
  /**
   * Step along a direction whose elements are standard normal.
   * @defaultValue 1e-2
   */
  epsilon?: number;
  /** @defaultValue `'output'` */
  wrt?: GradientTarget;
  /** One example to check around (the model's layout); standard normal noise when omitted. */
  input?: Float32Array;
  /** @defaultValue 1 */
  threads?: number;
  /** Folder of the model file, for models with external data. */
  baseDir?: string;
}

/** One checked direction. */
export interface GradcheckSample {
  target: number;
  /** ⟨gradient, v⟩ from the ONNX backward graph. */
  analytic: number;
  /** Central finite difference along v. */
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|). */
  relativeError: number;
}

/** Result of {@link gradcheck}. */
export interface GradcheckResult {
  maxRelativeError: number;
  epsilon: number;
  samples: GradcheckSample[];
}

/**
 * Compare the ONNX input gradient of `modelBytes` with finite differences. This backs
 * `snowblind gradcheck --model <file.onnx>`.
 *
 * @remarks float32 forward passes limit the agreement: for deep ReLU networks expect relative
 * errors around 1e-3 to 1e-2 (a step can cross ReLU kinks); a wrong backward rule shows as
 * errors of order 1.
 */
export async function gradcheck(modelBytes: Uint8Array, options: GradcheckOptions = {}): Promise<GradcheckResult> {
  const runner = await createOnnxGradientRunner(modelBytes, {
    threads: options.threads ?? 1,
    wrt: options.wrt ?? 'output',
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
  });
  try {
    const wrt = options.wrt ?? 'output';
    const epsilon = options.epsilon ?? 1e-2;
    const random = normalSource(options.seed ?? 0);
    const size = runner.inputSize;
    const samples: GradcheckSample[] = [];
    for (let s = 0; s < (options.samples ?? 4); s++) {
      const x = options.input ?? Float32Array.from({ length: size }, random);
      const v = Float32Array.from({ length: size }, random);
      const target = Math.floor(((random() + 10) * 7919) % runner.numClasses);
      const { gradients } = await runner.forwardBackward(x, 1, [target]);
      const pair = new Float32Array(2 * size);
      for (let i = 0; i < size; i++) {
        pair[i] = x[i]! + epsilon * v[i]!;
        pair[size + i] = x[i]! - epsilon * v[i]!;
      }
      const { outputs } = await runner.forwardBackward(pair, 2, [target, target]);
      const k = runner.numClasses;
      const plus = selected(outputs.subarray(0, k), target, wrt);
      const minus = selected(outputs.subarray(k, 2 * k), target, wrt);
      const numeric = (plus - minus) / (2 * epsilon);
      let analytic = 0;
      for (let i = 0; i < size; i++) analytic += gradients[i]! * v[i]!;
      const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
      const relativeError = scale === 0 ? 0 : Math.abs(analytic - numeric) / scale;
      samples.push({ target, analytic, numeric, relativeError });
    }
    return { maxRelativeError: Math.max(...samples.map((s) => s.relativeError)), epsilon, samples };
  } finally {
    await runner.dispose();
  }
}

/** The differentiated scalar for one example's outputs, in float64. */
function selected(row: Float32Array, target: number, wrt: GradientTarget): number {
  if (wrt === 'output') return row[target]!;
  const max = Math.max(...row);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const log = row[target]! - max - Math.log(sum);
  return wrt === 'log-softmax' ? log : Math.exp(log);
}

/** Seeded standard normal numbers (mulberry32 + Box–Muller). */
export function normalSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
