import { gzipSync } from 'node:zlib';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { isSnowblindError } from '../errors.js';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist } from './fashion-mnist.js';
import { parseIdx } from './idx.js';

function idx(dims: number[], data: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set([0, 0, 0x08, dims.length]);
  const view = new DataView(header.buffer);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  return new Uint8Array([...header, ...data]);
}

describe('parseIdx', () => {
  it('reads dims (big-endian) and data, plain or gzipped', () => {
    const bytes = idx([2, 1, 3], [1, 2, 3, 4, 5, 6]);
    for (const input of [bytes, new Uint8Array(gzipSync(bytes))]) {
      const parsed = parseIdx(input);
      expect(parsed.dims).toEqual([2, 1, 3]);
      expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('rejects non-IDX, other element types and truncated files with codes', () => {
    const cases = [
      new Uint8Array([1, 2, 3, 4]),
      idx([1], [7]).map((b, i) => (i === 2 ? 0x0d : b)),
      idx([4], [1, 2]),
    ];
    for (const bytes of cases) {
      expect(() => parseIdx(bytes)).toThrowError();
      try {
        parseIdx(bytes);
      } catch (error) {
        expect(isSnowblindError(error, 'BAD_INPUT')).toBe(true);
      }
    }
  });
});

const noData = missingTestDependency(FASHION_MNIST, fashionMnistMissing(DEBIAN_FASHION_MNIST_DIR));
describe.skipIf(noData)('Fashion-MNIST from Debian', () => {
  it('loads the test split as 28×28 gray images with labels 0..9', async () => {
    const test = await loadFashionMnist('test', { limit: 100 });
    expect(test.images).toHaveLength(100);
    expect(test.images[0]).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(Math.max(...test.labels)).toBeLessThanOrEqual(9);
    // The first test image of Fashion-MNIST is an ankle boot (label 9).
    expect(test.labels[0]).toBe(9);
  });

  it('a missing folder is FILE_NOT_FOUND with an install hint', async () => {
    await expect(loadFashionMnist('test', { dir: '/nonexistent' })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      hint: expect.stringContaining('dataset-fashion-mnist'),
    });
  });
});
