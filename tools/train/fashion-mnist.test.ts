import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBIAN_DIR, findFashionMnistDir, loadSplit, parseIdx, toFloat } from './fashion-mnist.js';

/** Builds an IDX file of unsigned bytes by hand: magic 00 00 08 ndim, big-endian dims, data. */
function idx(dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d, false);
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('parseIdx', () => {
  it('decodes a 3-d ubyte array', () => {
    const parsed = parseIdx(idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]));
    expect(parsed.dims).toEqual([2, 2, 3]);
    expect([...parsed.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
  });

  it('reads dimensions big-endian', () => {
    const parsed = parseIdx(idx([258], new Array(258).fill(1)));
    expect(parsed.dims).toEqual([258]); // 00 00 01 02
  });

  it('rejects a bad magic, a non-ubyte type and a wrong length', () => {
    const bad = idx([1], [0]);
    bad[0] = 1;
    expect(() => parseIdx(bad)).toThrow(/magic/);
    const float = idx([1], [0]);
    float[2] = 0x0d;
    expect(() => parseIdx(float)).toThrow(/0xd/);
    expect(() => parseIdx(idx([3], [1, 2]))).toThrow(/need 3/);
  });
});

describe('findFashionMnistDir', () => {
  it('explains how to install the dataset when it is missing', () => {
    const env = { FASHION_MNIST_DIR: '/nonexistent' };
    if (existsSync(join(DEBIAN_DIR, 'train-images-idx3-ubyte.gz'))) {
      expect(findFashionMnistDir(env)).toBe(DEBIAN_DIR);
    } else {
      expect(() => findFashionMnistDir(env)).toThrow(/apt-get install dataset-fashion-mnist/);
    }
  });
});

describe('toFloat', () => {
  it('applies the fashion-mnist preset: x · 1/255', () => {
    expect([...toFloat(new Uint8Array([0, 51, 255]))]).toEqual([0, Math.fround(51 / 255), 1]);
  });
});

const haveData =
  existsSync(join(DEBIAN_DIR, 't10k-images-idx3-ubyte.gz')) || !!process.env['FASHION_MNIST_DIR'];

describe.skipIf(!haveData)('the installed Fashion-MNIST test split', () => {
  it('has 10 000 28×28 images with balanced labels (1 000 per class)', () => {
    const test = loadSplit('test');
    expect(test.count).toBe(10_000);
    expect(test.images.length).toBe(10_000 * 28 * 28);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    // First test image is an ankle boot (label 9), as in Zalando's README sprite.
    expect(test.labels[0]).toBe(9);
  });
});
