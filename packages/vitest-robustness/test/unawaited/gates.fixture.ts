// Tests run by unawaited.test.ts through their own vitest process; each name says what it expects.
import { expect, it } from 'vitest';

const GATE = {
  preset: 'fashion-mnist',
  classes: 10,
  samples: 4,
  noise: ['uniform'],
  artifactsDir: false,
} as const;

/** Class 0 at softmax ≈ 1 on every image: fooled by all noise. */
const confident = (_batch: Float32Array, n: number) => {
  const out = new Float32Array(n * 10);
  for (let r = 0; r < n; r++) out[r * 10] = 20;
  return out;
};
/** Softmax 0.1 everywhere: rejects all noise. */
const unsure = (_batch: Float32Array, n: number) => new Float32Array(n * 10);

it('fails: a failing gate without await', () => {
  expect(confident).toRejectNoise(GATE);
});

it('fails: a failing .not gate without await', () => {
  expect(unsure).not.toRejectNoise(GATE);
});

it('passes: a passing gate without await', () => {
  expect(unsure).toRejectNoise(GATE);
});

it('passes: an awaited failure caught on purpose', async () => {
  const error = await expect(confident)
    .toRejectNoise(GATE)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(Error);
});

it('passes: awaited .not on a fooled model', async () => {
  await expect(confident).not.toRejectNoise(GATE);
});

it('passes: expect.soft with await on a passing gate', async () => {
  await expect.soft(unsure).toRejectNoise(GATE);
});
