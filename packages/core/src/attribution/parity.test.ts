import { readFileSync } from 'node:fs';
import { relativeError } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputXGradient } from './input-x-gradient.js';
import { integratedGradients } from './integrated-gradients.js';
import { noiseTunnel } from './noise-tunnel.js';
import { occlusion } from './occlusion.js';
import { saliency } from './saliency.js';
import { tfjsGradientModel } from './tfjs-gradient-model.js';
import type { GradientModel } from './types.js';

// Fixtures from tools/attribution/captum_reference.py (torch autograd, Captum semantics).
interface Parity {
  weights: Record<'convWeight' | 'convBias' | 'fcWeight' | 'fcBias', number[]>;
  inputShape: number[];
  inputs: number[];
  targets: number[];
  logits: number[];
  ig: {
    nSteps: number;
    internalBatchSize: number;
    chunkRows: number[];
    attributions: number[];
    deltas: number[];
  };
  igTrapezoid: { nSteps: number; baseline: number; attributions: number[]; deltas: number[] };
  saliency: number[];
  inputXGradient: number[];
  smoothgradSqIg: {
    ntSamples: number;
    ntSamplesBatchSize: number;
    nSteps: number;
    noise: number[];
    attributions: number[];
  };
  vargradSaliency: { ntSamples: number; noise: number[]; attributions: number[] };
  occlusion: { slidingWindowShapes: number[]; strides: number[]; windows: number[]; attributions: number[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/attribution/captum-parity.json', import.meta.url), 'utf8'),
) as Parity;

/** The fixture's conv net rebuilt in TF.js on NCHW input, mirroring torch's op order. */
function convNet(): (x: tf.Tensor) => tf.Tensor {
  const w = fixture.weights;
  const kernel = tf.tidy(() => tf.transpose(tf.tensor4d(w.convWeight, [4, 3, 3, 3]), [2, 3, 1, 0]));
  const convBias = tf.tensor1d(w.convBias);
  const fcWeight = tf.tensor2d(w.fcWeight, [5, 256]);
  const fcBias = tf.tensor1d(w.fcBias);
  return (x) =>
    tf.tidy(() => {
      const h = tf.relu(
        tf.add(tf.conv2d(tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D, kernel, 1, 'same'), convBias),
      );
      const pooled = tf.transpose(tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid'), [0, 3, 1, 2]);
      return tf.add(tf.matMul(tf.reshape(pooled, [-1, 256]), fcWeight, false, true), fcBias);
    });
}

const errors: Record<string, number> = {};
let model: GradientModel;
const input = Float32Array.from(fixture.inputs);
const targets = fixture.targets;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = tfjsGradientModel(convNet(), fixture.inputShape);
});

/** Runs `run` and checks TF.js holds no more tensors afterwards. */
async function noLeak<T>(run: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await run();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('parity with the Captum-semantics reference (tools/attribution/captum_reference.py)', () => {
  it('rebuilds the same network', async () => {
    expect(relativeError(await model.forward(input, 2), fixture.logits)).toBeLessThan(1e-5);
  });

  it('integrated gradients, gausslegendre 50 steps, internal batch 30', async () => {
    const rows: number[] = [];
    const spy: GradientModel = {
      ...model,
      forward: (x, n) => model.forward(x, n),
      gradient: (x, n, t) => {
        rows.push(n);
        return model.gradient(x, n, t);
      },
    };
    const { ig } = fixture;
    const result = await noLeak(() =>
      integratedGradients(spy, input, {
        target: targets,
        nSteps: ig.nSteps,
        internalBatchSize: ig.internalBatchSize,
        returnConvergenceDelta: true,
      }),
    );
    expect(rows).toEqual(ig.chunkRows);
    errors['ig'] = relativeError(result.attributions, ig.attributions);
    expect(errors['ig']).toBeLessThan(1e-4);
    result.deltas!.forEach((d, i) => {
      expect(d).toBeCloseTo(ig.deltas[i]!, 4);
    });
  });

  it('integrated gradients, riemann_trapezoid 20 steps, constant baseline', async () => {
    const { igTrapezoid: ref } = fixture;
    const result = await noLeak(() =>
      integratedGradients(model, input, {
        target: targets,
        nSteps: ref.nSteps,
        method: 'riemann_trapezoid',
        baselines: ref.baseline,
        returnConvergenceDelta: true,
      }),
    );
    errors['igTrapezoid'] = relativeError(result.attributions, ref.attributions);
    expect(errors['igTrapezoid']).toBeLessThan(1e-4);
    result.deltas!.forEach((d, i) => {
      expect(d).toBeCloseTo(ref.deltas[i]!, 4);
    });
  });

  it('saliency and input × gradient', async () => {
    errors['saliency'] = relativeError(
      await noLeak(() => saliency(model, input, { target: targets })),
      fixture.saliency,
    );
    errors['inputXGradient'] = relativeError(
      await noLeak(() => inputXGradient(model, input, { target: targets })),
      fixture.inputXGradient,
    );
    expect(errors['saliency']).toBeLessThan(1e-4);
    expect(errors['inputXGradient']).toBeLessThan(1e-4);
  });

  it('noise tunnel smoothgrad_sq over integrated gradients (injected noise)', async () => {
    const ref = fixture.smoothgradSqIg;
    const tunnel = noiseTunnel(
      (x, t) => integratedGradients(model, x, { target: t, nSteps: ref.nSteps }).then((r) => r.attributions),
      {
        ntType: 'smoothgrad_sq',
        ntSamples: ref.ntSamples,
        ntSamplesBatchSize: ref.ntSamplesBatchSize,
        noise: Float32Array.from(ref.noise),
      },
    );
    errors['smoothgradSqIg'] = relativeError(await noLeak(() => tunnel(input, targets)), ref.attributions);
    expect(errors['smoothgradSqIg']).toBeLessThan(1e-4);
  });

  it('noise tunnel vargrad over saliency (injected noise)', async () => {
    const ref = fixture.vargradSaliency;
    const tunnel = noiseTunnel((x, t) => saliency(model, x, { target: t }), {
      ntType: 'vargrad',
      ntSamples: ref.ntSamples,
      noise: Float32Array.from(ref.noise),
    });
    errors['vargradSaliency'] = relativeError(await noLeak(() => tunnel(input, targets)), ref.attributions);
    expect(errors['vargradSaliency']).toBeLessThan(1e-4);
  });

  it('occlusion, window 3×5×5, strides 3×3×3 (clipped last windows), any perturbationsPerEval', async () => {
    const ref = fixture.occlusion;
    for (const perturbationsPerEval of [1, 7]) {
      let windows = 0;
      const result = await noLeak(() =>
        occlusion(model, input, {
          target: targets,
          slidingWindowShapes: ref.slidingWindowShapes,
          strides: ref.strides,
          perturbationsPerEval,
          onProgress: ({ total }) => {
            windows = total;
          },
        }),
      );
      expect(windows).toBe(ref.windows);
      errors[`occlusion/ppe${perturbationsPerEval}`] = relativeError(result, ref.attributions);
      expect(errors[`occlusion/ppe${perturbationsPerEval}`]).toBeLessThan(1e-4);
    }
  });

  it('reports the measured errors', () => {
    console.log('attribution parity, max |Δ| / max |reference|:', errors);
    expect(Object.keys(errors).length).toBeGreaterThanOrEqual(8);
  });
});
