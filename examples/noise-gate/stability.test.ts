import { existsSync } from 'node:fs';
import { fashionMnistDir, loadFashionMnist, ModelRegistry } from '@snowblind/core';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import '@snowblind/vitest-robustness/vitest';

const registry = await ModelRegistry.open();
const entry = registry.get('fmnist-cnn');
const ready =
  entry !== undefined &&
  existsSync(entry.path) &&
  !missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir()));

describe.skipIf(!ready)('prediction stability of the embedded CNN on real Fashion-MNIST test images', () => {
  const noise = (std: number) => ({ kind: 'gaussian' as const, params: { mean: 128, std } });

  it('keeps every prediction under small additive noise (std 8 of 255)', async () => {
    const { images } = await loadFashionMnist('test', { limit: 20 });
    await expect('fmnist-cnn').toBeStableUnder({ inputs: images, noise: noise(8), samples: 8, seed: 0 });
  });

  it('does not under heavy noise (std 64)', async () => {
    const { images } = await loadFashionMnist('test', { limit: 20 });
    await expect('fmnist-cnn').not.toBeStableUnder({ inputs: images, noise: noise(64), samples: 8, seed: 0 });
  });
});

if (!ready)
  console.warn('skipped: needs models/fmnist-cnn and the Fashion-MNIST test set (dataset-fashion-mnist)');
