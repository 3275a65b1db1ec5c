import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { scoreImages } from '../audit/index.js';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist } from '../datasets/index.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const registry = await ModelRegistry.open({ home: join(import.meta.dirname, '.no-user-registry') });
const builtin = registry.list().filter((e) => e.source === 'builtin');
const hasData = !missingTestDependency(FASHION_MNIST, fashionMnistMissing(DEBIAN_FASHION_MNIST_DIR));

describe('the embedded models', () => {
  it('the registry has one default, and every entry verifies (paths and sha256 of every file)', async () => {
    expect(builtin.length).toBeGreaterThanOrEqual(1);
    expect(builtin.filter((e) => e.default)).toHaveLength(1);
    for (const entry of builtin) await registry.verify(entry);
  });

  describe.skipIf(!hasData)(
    'accuracy on the first 1,000 Fashion-MNIST test images matches the model card',
    async () => {
      const test = hasData ? await loadFashionMnist('test', { limit: 1000 }) : undefined;
      // The Fashion-MNIST models; squeezenet1.1's card has ImageNet photo notes instead.
      const fashion = builtin.filter((e) => e.preset === 'fashion-mnist');
      it.each(fashion.map((e) => e.id))('%s: within one point of its card', async (id) => {
        const entry = registry.get(id)!;
        const card = JSON.parse(readFileSync(join(dirname(entry.path), 'training.json'), 'utf8')) as {
          accuracy1k: number;
        };
        const model = await loadModel(entry.id, { registry });
        try {
          const { accuracy } = await scoreImages(model, test!.images, {
            labels: test!.labels,
            batchSize: 250,
          });
          expect(Math.abs(accuracy! - card.accuracy1k)).toBeLessThanOrEqual(0.01);
        } finally {
          await model.dispose();
        }
      });
    },
  );
});
