import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  type NoiseGateOptions,
  type PredictFn,
  robustnessMatchers,
  type StabilityOptions,
  toRejectNoise,
} from './index.js';

describe('vitest module augmentation', () => {
  test('toRejectNoise is an awaitable assertion taking NoiseGateOptions', () => {
    expectTypeOf(expect('fmnist-cnn').toRejectNoise()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(expect('fmnist-cnn').not.toRejectNoise).parameters.toEqualTypeOf<
      [options?: NoiseGateOptions]
    >();
    const fn: PredictFn = (_batch, n) => new Float32Array(n * 10);
    expectTypeOf(
      expect(fn).toRejectNoise({
        preset: 'fashion-mnist',
        classes: 10,
        maxConfidence: 0.5,
        samples: 200,
        noise: ['seed-wrap', { kind: 'gaussian', params: { std: 20 } }],
        seed: 1,
      }),
    ).resolves.toBeVoid();
  });

  test('options are checked', () => {
    // @ts-expect-error unknown score name
    expect('m').toRejectNoise({ score: 'entropy', threshold: 1 });
    // @ts-expect-error samples is a number
    expect('m').toRejectNoise({ samples: '200' });
    // @ts-expect-error unknown noise kind
    expect('m').toRejectNoise({ noise: ['pink'] });
    // @ts-expect-error toBeStableUnder needs its inputs
    expect('m').toBeStableUnder({});
  });

  test('toBeStableUnder takes StabilityOptions', () => {
    expectTypeOf(expect('m').toBeStableUnder).parameter(0).toEqualTypeOf<StabilityOptions>();
  });

  test('the matchers object fits expect.extend', () => {
    expectTypeOf(expect.extend).toBeCallableWith(robustnessMatchers);
    expectTypeOf(expect.extend).toBeCallableWith({ toRejectNoise });
  });
});
