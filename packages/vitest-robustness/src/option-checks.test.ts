import { type Classifier, isSnowblindError, type SnowblindError } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { FMNIST, flatLogits } from '../test/function-models.js';
import {
  checkNoiseRejection,
  checkRejectsNoise,
  checkStability,
  fooledBy,
  functionClassifier,
  gaussianNoise,
  type PredictFn,
} from './index.js';

/** The coded error a call rejects with (fails the test when it resolves). */
async function codedError(run: () => Promise<unknown>): Promise<SnowblindError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSnowblindError(error)) throw new Error(`expected a SnowblindError, got ${String(error)}`);
  return error;
}

const quiet = { ...FMNIST, samples: 4, artifactsDir: false } as const;
const image = { width: 28, height: 28, channels: 3 as const, data: new Uint8Array(28 * 28 * 3) };

describe('options a gate would ignore are coded errors', () => {
  it.each([
    ['a typo', { ...quiet, maxConfidance: 0.5 }, /unknown option "maxConfidance"/],
    ['two unknown names', { ...quiet, sample: 3, treshold: 1 }, /unknown options "sample", "treshold"/],
    ['threshold without score', { ...quiet, threshold: 5 }, /threshold 5 has no effect without score/],
    [
      'temperature without energy',
      { ...quiet, score: 'msp', threshold: 0.5, temperature: 2 },
      /temperature 2 applies to score "energy" only/,
    ],
  ])('toRejectNoise: %s', async (_name, options, message) => {
    const error = await codedError(() => checkNoiseRejection(flatLogits(0), options as never));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });

  it('the hint lists the known options', async () => {
    const error = await codedError(() =>
      checkNoiseRejection(flatLogits(0), { ...quiet, maxConfidance: 1 } as never),
    );
    expect(error.hint).toMatch(/^known options: .*\bmaxConfidence\b.*\bsamples\b/);
  });

  it('options that are not an object are refused', async () => {
    const error = await codedError(() => checkNoiseRejection(flatLogits(0), 0.5 as never));
    expect(error.message).toBe('toRejectNoise options must be an object, got number');
  });

  it('toBeStableUnder, checkRejectsNoise and fooledBy check their option names too', async () => {
    const stability = await codedError(() =>
      checkStability(flatLogits(0), { ...FMNIST, inputs: [image], sample: 3 } as never),
    );
    expect(stability.message).toBe('toBeStableUnder: unknown option "sample"');
    const property = await codedError(() =>
      checkRejectsNoise(flatLogits(0), { ...FMNIST, arbitary: gaussianNoise(), numRuns: 1 } as never),
    );
    expect(property.message).toBe('checkRejectsNoise: unknown option "arbitary"');
    expect(() => fooledBy(flatLogits(0), { ...FMNIST, samples: 3 } as never)).toThrow(
      'fooledBy: unknown option "samples"',
    );
  });

  it('a threshold without score is refused by fooledBy as well', async () => {
    const judge = fooledBy(flatLogits(0), { ...FMNIST, threshold: 1 });
    const error = await codedError(() => judge({ kind: 'gaussian', seed: 0, width: 28, height: 28 }));
    expect(error.message).toMatch(/threshold 1 has no effect without score/);
  });
});

describe('NaN or infinite model outputs are a BAD_MODEL error, not "fooled at NaN"', () => {
  /** Class 3 of the second image of every batch is `value`; everything else is 0. */
  const poisoned =
    (value: number): PredictFn =>
    (_batch, n) => {
      const out = new Float32Array(n * 10);
      if (n > 1) out[10 + 3] = value;
      return out;
    };

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('%s from a function model', async (name, value) => {
    const error = await codedError(() => checkNoiseRejection(poisoned(value), quiet));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toBe(
      `model "function model" returned ${name} (image 2 of a batch of 4, class 3): its logits must be finite numbers`,
    );
  });

  it('from a Classifier (the caller keeps it: not disposed), and in toBeStableUnder', async () => {
    let disposed = false;
    const inner = await functionClassifier(poisoned(Number.NaN), { ...FMNIST, outputKind: 'probabilities' });
    const model: Classifier = {
      ...inner,
      dispose: async () => {
        disposed = true;
      },
    };
    const error = await codedError(() => checkNoiseRejection(model, { samples: 4, artifactsDir: false }));
    expect(error.message).toMatch(
      /returned NaN \(image 2 of a batch of 4, class 3\): its probabilities must be/,
    );
    expect(disposed).toBe(false);
    const stability = await codedError(() => checkStability(model, { inputs: [image, image], samples: 1 }));
    expect(stability.code).toBe('BAD_MODEL');
  });
});
