import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abstainer,
  amplitudeModel,
  FMNIST,
  flatLogits,
  graded,
  probabilityModel,
} from '../test/function-models.js';
import { functionClassifier, toRejectNoise } from './index.js';
import './vitest.js';

let artifactsDir: string;
beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'snowblind-gate-'));
});
afterAll(async () => {
  await rm(artifactsDir, { recursive: true, force: true });
});

/** Runs the matcher as vitest would and returns its failure message. */
async function failure(run: () => Promise<void>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the assertion should have failed').toBeInstanceOf(Error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colors of the matcher hint.
  return error!.message.replace(/\u001b\[\d+m/g, '');
}

describe('toRejectNoise', () => {
  it('passes on a model that stays unsure about noise, and .not fails on it', async () => {
    const model = amplitudeModel(1000); // never confident
    await expect(model).toRejectNoise({ ...FMNIST, samples: 20, artifactsDir });
    const message = await failure(() =>
      expect(model).not.toRejectNoise({ ...FMNIST, samples: 20, artifactsDir }),
    );
    expect(message).toContain('expect(model).not.toRejectNoise(options)');
    expect(message).toContain('rejected the noise: 0 of 100 samples fooled it');
    expect(message).toContain('Most confident:');
  });

  it('fails on a fooled model with counts, the worst sample, the seed and a replay', async () => {
    const message = await failure(() =>
      expect(graded).toRejectNoise({
        ...FMNIST,
        id: 'graded',
        samples: 30,
        noise: ['seed-wrap', { kind: 'gaussian', params: { std: 10 } }],
        seed: 7,
        maxConfidence: 0.9,
        artifactsDir: false,
      }),
    );
    // seed-wrap (gray std ≈ 49 → logit 4.9 → softmax 0.93) fools; gaussian std 10 (≈ 0.5) does not.
    expect(message).toContain('Model "graded" was fooled by 30 of 60 noise samples (50.0%; allowed 0).');
    expect(message).toContain('Fooled means: max softmax > 0.9.');
    expect(message).toContain('Per noise set: seed-wrap 30/30, gaussian 0/30.');
    expect(message).toMatch(
      /Worst: seed-wrap #\d+ \(seed 7\): "class 0" \(class 0\) at confidence 0\.9\d\d\./,
    );
    expect(message).toContain('Seed: 7.');
    expect(message).toMatch(
      /Replay: noiseImage\(\{ kind: 'seed-wrap', params: \{\}, seed: 7, width: 28, height: 28, channels: 3, rng: 'default' \}, \d+\)/,
    );
    expect(message).not.toContain('Artifacts:');
    // A function model cannot be replayed from the command line.
    expect(message).not.toContain('snowblind audit');
    // .not passes on the same model.
    await expect(graded).not.toRejectNoise({
      ...FMNIST,
      samples: 30,
      noise: 'seed-wrap',
      seed: 7,
      maxConfidence: 0.9,
      artifactsDir: false,
    });
  });

  it('maxFooledRate tolerates a share of fooling samples', async () => {
    const options = {
      ...FMNIST,
      samples: 10,
      noise: ['seed-wrap', 'constant'] as const,
      artifactsDir: false as const,
    };
    // seed-wrap fools amplitudeModel(20) on every image, constant gray never: 10 of 20.
    await expect(amplitudeModel(20)).toRejectNoise({
      ...options,
      noise: [...options.noise],
      maxFooledRate: 0.5,
    });
    const message = await failure(() =>
      expect(amplitudeModel(20)).toRejectNoise({
        ...options,
        noise: [...options.noise],
        maxFooledRate: 0.45,
      }),
    );
    expect(message).toContain('fooled by 10 of 20 noise samples (50.0%; allowed 9)');
  });

  it('abstainClass: predicting the "none of the above" class is a rejection', async () => {
    const options = {
      preset: 'fashion-mnist',
      classes: [...Array.from({ length: 10 }, (_, i) => `c${i}`), 'none'],
    };
    await expect(abstainer).toRejectNoise({ ...options, abstainClass: 'none', samples: 10 });
    await expect(abstainer).toRejectNoise({ ...options, abstainClass: 10, samples: 10 });
    // Without it, the abstainer is a confident classifier of noise.
    const message = await failure(() =>
      expect(abstainer).toRejectNoise({ ...options, samples: 10, artifactsDir: false }),
    );
    expect(message).toContain('"none" (class 10) at confidence 1.000');
    await expect(expect(abstainer).toRejectNoise({ ...options, abstainClass: 'unknown' })).rejects.toThrow(
      'abstainClass "unknown" is not a class of model "function model"',
    );
  });

  it('score rules: energy and max-logit thresholds see what max softmax cannot', async () => {
    // Flat logits at 5: softmax 0.1 (passes maxConfidence) but energy 5 + ln 10 = 7.30.
    const flat = flatLogits(5);
    const base = { ...FMNIST, samples: 10, noise: 'uniform' as const, artifactsDir: false as const };
    await expect(flat).toRejectNoise(base);
    await expect(flat).toRejectNoise({ ...base, score: 'energy', threshold: 7.31 });
    const message = await failure(() =>
      expect(flat).toRejectNoise({ ...base, score: 'energy', threshold: 7.3 }),
    );
    expect(message).toContain('Fooled means: energy > 7.3.');
    expect(message).toContain('at confidence 0.100, energy 7.303');
    await expect(flat).toRejectNoise({ ...base, score: 'max-logit', threshold: 5 });
    await expect(flat).not.toRejectNoise({ ...base, score: 'max-logit', threshold: 4.99 });
    // float32 softmax of 10 equal logits is 0.100000001.
    await expect(flat).toRejectNoise({ ...base, score: 'msp', threshold: 0.1001 });
    await expect(expect(flat).toRejectNoise({ ...base, score: 'energy' })).rejects.toThrow(
      'needs a finite threshold',
    );
  });

  it('function models that return probabilities are detected and not softmaxed again', async () => {
    const options = { preset: 'fashion-mnist', classes: 4, samples: 5, artifactsDir: false as const };
    await expect(probabilityModel).toRejectNoise({ ...options, maxConfidence: 0.7 });
    await expect(probabilityModel).not.toRejectNoise({ ...options, maxConfidence: 0.69 });
    await expect(
      expect(probabilityModel).toRejectNoise({ ...options, score: 'energy', threshold: 1 }),
    ).rejects.toThrow('needs logits');
  });

  it('accepts a Classifier and leaves it to the caller', async () => {
    let disposed = false;
    const model = await functionClassifier(amplitudeModel(1000), FMNIST);
    const owned = {
      ...model,
      dispose: async () => {
        disposed = true;
      },
    };
    await expect(owned).toRejectNoise({ samples: 5, noise: 'gaussian' });
    expect(disposed).toBe(false);
  });

  it('writes the worst fooling images as PNGs named after the test', async () => {
    const message = await failure(() =>
      expect(graded).toRejectNoise({
        ...FMNIST,
        samples: 8,
        noise: 'seed-wrap',
        seed: 3,
        worst: 3,
        artifactsDir,
      }),
    );
    const folder = join(
      artifactsDir,
      'toRejectNoise-writes-the-worst-fooling-images-as-PNGs-named-after-the-test',
    );
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^01-seed-wrap-seed3-i\d+-class-0-0\.\d{3}\.png$/);
    expect(message).toContain(`Artifacts: 3 PNG(s) in ${folder}/`);
  });

  it('works without vitest as a plain function', async () => {
    const result = await toRejectNoise.call(undefined, graded, {
      ...FMNIST,
      samples: 4,
      noise: 'seed-wrap',
      artifactsDir: false,
    });
    expect(result.pass).toBe(false);
    expect(result.actual).toBe(4);
    expect(result.expected).toBe(0);
    expect(result.message()).toMatch(/^toRejectNoise\(\)\n\nModel "function model" was fooled by 4 of 4/);
  });

  it('rejects bad options eagerly', async () => {
    await expect(expect(graded).toRejectNoise({ ...FMNIST, samples: 0 })).rejects.toThrow(
      'samples must be an integer ≥ 1',
    );
    await expect(expect(graded).toRejectNoise({ preset: 'fashion-mnist' })).rejects.toThrow(
      'needs `classes`',
    );
    await expect(expect(graded).toRejectNoise({ ...FMNIST, maxConfidence: 2 })).rejects.toThrow(
      'maxConfidence must be in 0..1',
    );
  });
});
