import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testValues } from '../../test/fixtures/attribution/toy-models.js';
import { inputXGradient } from './input-x-gradient.js';
import { integratedGradients } from './integrated-gradients.js';
import { noiseTunnel } from './noise-tunnel.js';
import { occlusion } from './occlusion.js';
import { saliency } from './saliency.js';
import { type TfjsDifferentiable, tfjsGradientModel } from './tfjs-gradient-model.js';
import type { GradientModel } from './types.js';

// A conv net whose Conv2D runs tf.fused.conv2d with a linear activation — fused even under
// tf.grad, so its gradient asks for Conv2DBackpropFilter — and a depthwise conv, whose input
// gradient needs DepthwiseConv2dNativeBackpropInput; the wasm backend has neither.
function convModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', strides: 1 }),
      tf.layers.activation({ activation: 'tanh' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid', strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  // Deterministic weights, independent of TF.js's initialisers.
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(testValues(w.size, 40 + i), w.shape)));
  return model;
}

const shape = [8, 8, 3];
const input = testValues(2 * 192, 9);
const targets = [2, 0];
let cpuGradients: Float32Array;
let wasm: GradientModel;
let layers: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  layers = convModel();
  cpuGradients = (await tfjsGradientModel(layers, shape).gradient(input, 2, targets)).gradients;
  await tf.setBackend('wasm');
  await tf.ready();
  wasm = tfjsGradientModel(layers, shape);
});

afterAll(() => layers.dispose());

async function noLeak<T>(run: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await run();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('tfjsGradientModel on the wasm backend', () => {
  it('needs the workaround: plain tf.grad through the fused conv fails on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.tensor(input, [2, ...shape]);
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(layers.apply(t) as tf.Tensor))(x)).toThrow(
      /BackpropFilter|not registered/,
    );
    x.dispose();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });

  it('gives the cpu backend’s input gradient and leaves no kernel registered', async () => {
    const { gradients, outputs } = await noLeak(() => wasm.gradient(input, 2, targets));
    expect(outputs).toHaveLength(6);
    gradients.forEach((g, j) => {
      expect(g).toBeCloseTo(cpuGradients[j]!, 5);
    });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });

  it('agrees with central finite differences', async () => {
    const { gradients } = await wasm.gradient(input, 2, targets);
    const eps = 1e-2;
    for (const j of [0, 17, 100, 191, 192 + 55, 192 + 150]) {
      const plus = input.slice();
      const minus = input.slice();
      plus[j]! += eps;
      minus[j]! -= eps;
      const [fp, fm] = [await wasm.forward(plus, 2), await wasm.forward(minus, 2)];
      const e = j < 192 ? 0 : 1;
      const numeric = (fp[e * 3 + targets[e]!]! - fm[e * 3 + targets[e]!]!) / (2 * eps);
      expect(Math.abs(gradients[j]! - numeric)).toBeLessThan(2e-3);
    }
  });

  it('measures the bytes one example takes (for the memory budget) once, leaking nothing', async () => {
    const bytes = await noLeak(() => wasm.memoryPerExample!());
    // At least the input, the conv's 8×8×4 output and the input gradient, in float32.
    expect(bytes).toBeGreaterThanOrEqual(4 * (192 + 256 + 192));
    expect(await wasm.memoryPerExample!()).toBe(bytes);
    const ig = await integratedGradients(wasm, input, {
      target: targets,
      nSteps: 8,
      memoryBudget: 4.5 * bytes,
    });
    expect(ig.internalBatchSize).toBe(4);
  });

  it('leaks no tensors in any method', async () => {
    await noLeak(() =>
      integratedGradients(wasm, input, { target: targets, nSteps: 8, returnConvergenceDelta: true }),
    );
    await noLeak(() => saliency(wasm, input, { target: targets }));
    await noLeak(() => inputXGradient(wasm, input, { target: targets }));
    await noLeak(() =>
      noiseTunnel((x, t) => saliency(wasm, x, { target: t }), { ntSamples: 3, stdevs: 0.1 })(input, targets),
    );
    await noLeak(() =>
      occlusion(wasm, input, { target: targets, slidingWindowShapes: [4, 4, 3], strides: [4, 4, 3] }),
    );
  });
});

describe('tfjsGradientModel within the wasm heap', () => {
  const eight = testValues(8 * 192, 11);
  const eightTargets = [0, 1, 2, 0, 1, 2, 0, 1];

  it('splits a batch larger than the wasm budget: same gradients, a fraction of the peak memory', async () => {
    const perExample = await wasm.memoryPerExample!();
    const small = tfjsGradientModel(layers, shape, { wasmBudget: 2.5 * perExample });
    let whole: Float32Array | undefined;
    let split: Float32Array | undefined;
    const wholePeak = (
      await tf.profile(async () => {
        whole = (await wasm.gradient(eight, 8, eightTargets)).gradients;
      })
    ).peakBytes;
    const splitPeak = (
      await noLeak(() =>
        tf.profile(async () => {
          split = (await small.gradient(eight, 8, eightTargets)).gradients;
        }),
      )
    ).peakBytes;
    split!.forEach((g, j) => {
      expect(g).toBeCloseTo(whole![j]!, 6);
    });
    // Two rows per call instead of eight.
    expect(splitPeak).toBeLessThan(wholePeak / 2);
  });

  it('an aborted wasm allocation is OUT_OF_MEMORY naming the options that shrink the batch', async () => {
    // Stands in for a wasm heap that holds two examples: more aborts the module, as wasm does.
    const heapOfTwo: TfjsDifferentiable = (x) => {
      if (x.shape[0]! > 2) throw new WebAssembly.RuntimeError('Aborted()');
      return layers.apply(x) as tf.Tensor;
    };
    const trusting = tfjsGradientModel(heapOfTwo, shape, { wasmBudget: 1e15 });
    const error = await trusting.gradient(eight, 8, eightTargets).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUT_OF_MEMORY' });
    expect(String((error as Error).message)).toMatch(
      /8 examples .* \(TF\.js wasm heap; run again in a new process\)/,
    );
    expect((error as { hint: string }).hint).toMatch(/--internal-batch-size/);
    expect((error as { hint: string }).hint).toMatch(/--memory-budget/);
    const perExample = await trusting.memoryPerExample!();
    const fitting = tfjsGradientModel(heapOfTwo, shape, { wasmBudget: 2 * perExample });
    const { gradients } = await fitting.gradient(eight, 8, eightTargets);
    expect(gradients).toHaveLength(8 * 192);
  });
});
