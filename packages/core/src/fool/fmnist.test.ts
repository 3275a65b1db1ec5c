import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelRegistry } from '../models/index.js';
import type { Classifier } from '../models/types.js';
import { fool } from './fool.js';

const registry = await ModelRegistry.open({ home: mkdtempSync(join(tmpdir(), 'snowblind-fool-')) });
const hasCnn = registry.get('fmnist-cnn') !== undefined;
if (!hasCnn)
  console.warn('skipped: the embedded fmnist-cnn is not in models/registry.json yet (tools/train makes it)');

describe.skipIf(!hasCnn)('fool on the embedded Fashion-MNIST CNN', () => {
  let model: Classifier;
  beforeAll(async () => {
    model = await loadModel('fmnist-cnn', { registry });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('raises a target class from seed-wrap noise within L∞ 8 (tf.grad through the preset)', async () => {
    const result = await fool(model, { target: 8, budget: 10, goal: 1 });
    expect(result.image).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(result.confidence).toBeGreaterThan(result.startConfidence + 0.1);
    expect(result.constraintsHeld).toBe(true);
    expect(result.constraints.find((c) => c.constraint === 'linf')!.value).toBeLessThanOrEqual(8);
    // The fashion-mnist preset leaves a 28×28 gray image as it is: same number either way.
    expect(result.presetConfidence).toBeCloseTo(result.confidence, 5);
  });

  it('evolution raises it too, with forward passes only', async () => {
    const result = await fool(model, {
      target: 8,
      method: 'evolution',
      encoding: 'pixels',
      budget: 10,
      goal: 1,
    });
    expect(result.confidence).toBeGreaterThan(result.startConfidence);
  });
});
