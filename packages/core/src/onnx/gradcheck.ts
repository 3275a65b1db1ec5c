/**
 * Gradient check of any ONNX model: the directional derivative ⟨∇f(x), v⟩ from the ONNX gradient
 * graph against the central difference (f(x+εv) − f(x−εv)) / 2ε through onnxruntime's forward
 * pass of the same graph, for random inputs, directions and target classes.
 */

import type { GradientTarget } from './gradient-model.js';
import { createOnnxGradientRunner } from './gradient-runner.js';

/** Options for {@link gradcheck}. */
export interface GradcheckOptions {
  /** @defaultValue 4 */
  samples?: number;
  /** @defaultValue 0 */
  seed?: number;
  /**
   * Largest-but-two step along a direction whose elements are standard normal. Central
   * differences are taken at the ladder of steps ε·2^k, k = −10…2: large steps cross
   * ReLU and max-pool switches, tiny ones drown in float32 rounding, and in between the
   * difference quotient is flat, so the median of the three neighbouring quotients with the
   * smallest spread is used. The choice looks only at the forward passes, never at the gradient
   * being checked.
   * @defaultValue 1e-2
   */
  epsilon?: number;
  /**
   * Standard deviation of the random inputs (use the scale the model expects, e.g. 50 for
   * Caffe-style 0–255 inputs).
   * @defaultValue 1
   */
  inputScale?: number;
  /**
   * `top`: differentiate the class the model predicts (what attribution explains); `random`: a
   * seeded random class.
   * @defaultValue `'top'`
   */
  target?: 'top' | 'random';
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
  /** Central finite difference along v (median of the flattest three steps of the ladder). */
  numeric: number;
  /** The smallest of the three steps the numeric derivative comes from. */
  step: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, ‖gradient‖₂). */
  relativeError: number;
  /**
   * True when the checked output did not move beyond float32 rounding at any step and the
   * gradient agrees that it should not (a constant logit): the direction checks nothing and is
   * left out of {@link GradcheckResult.maxRelativeError}.
   */
  inconclusive: boolean;
}

/** Result of {@link gradcheck}. */
export interface GradcheckResult {
  /** Largest relative error over the conclusive directions (0 when there are none). */
  maxRelativeError: number;
  /** Why the check is inconclusive, when every direction is; `undefined` otherwise. */
  inconclusive?: string;
  epsilon: number;
  samples: GradcheckSample[];
}

/**
 * Compare the ONNX input gradient of `modelBytes` with finite differences. This backs
 * `snowblind gradcheck --model <file.onnx>`.
 *
 * @remarks float32 forward passes limit the agreement: a step small enough to cross no ReLU kink
 * nears float32 rounding, so deep ReLU networks show relative errors up to 0.1–0.3 in some
 * directions even with exact gradients (measured on random-weight torchvision exports) (the ONNX gradients of torchvision models match PyTorch autograd to
 * ~1e-6, see torchvision-parity.test.ts); a wrong backward rule shows as errors of order 1.
 */
export async function gradcheck(
  modelBytes: Uint8Array,
  options: GradcheckOptions = {},
): Promise<GradcheckResult> {
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
    const k = runner.numClasses;
    const samples: GradcheckSample[] = [];
    for (let s = 0; s < (options.samples ?? 4); s++) {
      const scale = options.inputScale ?? 1;
      const x = options.input ?? Float32Array.from({ length: size }, () => random() * scale);
      const v = Float32Array.from({ length: size }, random);
      const first = await runner.forwardBackward(x, 1, [0]);
      const target =
        (options.target ?? 'top') === 'top'
          ? argmax(first.outputs)
          : Math.floor(((random() + 10) * 7919) % k);
      const { gradients } = await runner.forwardBackward(x, 1, [target]);
      const at = selected(first.outputs, target, wrt);
      const quotients: number[] = [];
      const resolved: boolean[] = [];
      for (const step of STEP_LADDER.map((f) => f * epsilon)) {
        const pair = new Float32Array(2 * size);
        for (let i = 0; i < size; i++) {
          pair[i] = x[i]! + step * v[i]!;
          pair[size + i] = x[i]! - step * v[i]!;
        }
        const { outputs } = await runner.forwardBackward(pair, 2, [target, target]);
        const plus = selected(outputs.subarray(0, k), target, wrt);
        const minus = selected(outputs.subarray(k, 2 * k), target, wrt);
        quotients.push((plus - minus) / (2 * step));
        // A difference of a few float32 ulps is rounding, not slope: such steps never count as flat.
        resolved.push(
          Math.abs(plus - minus) >= RESOLVED_ULPS * ulp32(Math.max(Math.abs(plus), Math.abs(minus))),
        );
      }
      const flat = flattestRun(quotients, resolved);
      const numeric = median(quotients.slice(flat, flat + RUN));
      let analytic = 0;
      let norm = 0;
      for (let i = 0; i < size; i++) {
        analytic += gradients[i]! * v[i]!;
        norm += gradients[i]! ** 2;
      }
      // ‖g‖ is the typical size of ⟨g, v⟩ for standard normal v, so a direction along which the
      // derivative happens to cancel is not held to a relative error of its own tiny size.
      const magnitude = Math.max(Math.abs(analytic), Math.abs(numeric), Math.sqrt(norm));
      const relativeError = magnitude === 0 ? 0 : Math.abs(analytic - numeric) / magnitude;
      const inconclusive = isStill(resolved, analytic, STEP_LADDER.at(-1)! * epsilon, at);
      samples.push({
        target,
        analytic,
        numeric,
        step: STEP_LADDER[flat]! * epsilon,
        relativeError,
        inconclusive,
      });
    }
    const conclusive = samples.filter((s) => !s.inconclusive);
    const maxRelativeError = Math.max(0, ...conclusive.map((s) => s.relativeError));
    if (conclusive.length > 0) return { maxRelativeError, epsilon, samples };
    const classes = [...new Set(samples.map((s) => s.target))].join(', ');
    const inconclusive =
      `output ${classes} does not change under any step from ${STEP_LADDER[0]! * epsilon} to ` +
      `${STEP_LADDER.at(-1)! * epsilon} (it is constant near these inputs, e.g. a logit set by its bias alone), ` +
      'and the gradient agrees: nothing to compare (another seed or input scale may reach a class that moves)';
    return { maxRelativeError, epsilon, samples, inconclusive };
  } finally {
    await runner.dispose();
  }
}

/**
 * True when no step moved the output beyond rounding and the gradient predicts no resolvable
 * move either: a wrong rule that claims a slope on a constant output still fails.
 */
export function isStill(
  resolved: readonly boolean[],
  analytic: number,
  largestStep: number,
  at: number,
): boolean {
  if (resolved.some(Boolean)) return false;
  return 2 * largestStep * Math.abs(analytic) < RESOLVED_ULPS * ulp32(Math.abs(at));
}

/** Differences of fewer float32 ulps than this are rounding, not slope. */
const RESOLVED_ULPS = 64;

/** Step multipliers 2^-10 … 2^2 of ε. */
const STEP_LADDER = Array.from({ length: 13 }, (_, i) => 2 ** (i - 10));
/** Quotients that must agree for a step range to count as flat. */
const RUN = 3;

/**
 * Index k of the three neighbouring quotients k, k + 1, k + 2 with the smallest spread, among
 * runs whose differences are resolved in float32 (any run when none is).
 */
function flattestRun(quotients: readonly number[], resolved: readonly boolean[]): number {
  const runs = quotients.length - RUN + 1;
  const usable = (i: number) => resolved.slice(i, i + RUN).every(Boolean);
  const anyUsable = Array.from({ length: runs }, (_, i) => usable(i)).some(Boolean);
  let best = 0;
  let bestSpread = Infinity;
  for (let i = 0; i < runs; i++) {
    if (anyUsable && !usable(i)) continue;
    const run = quotients.slice(i, i + RUN);
    const spread = Math.max(...run) - Math.min(...run);
    if (spread < bestSpread) {
      best = i;
      bestSpread = spread;
    }
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** The spacing of float32 numbers at |x|. */
function ulp32(x: number): number {
  return x === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
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
