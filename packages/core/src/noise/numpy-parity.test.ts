import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearNumpyStreamCache, noiseImages } from './generate.js';
import { Mt19937 } from './mt19937.js';
import { NumpyRandomState } from './numpy-random.js';
import type { NoiseKind, NoiseParams } from './types.js';

// Fixtures written by tools/fixtures/numpy_noise.py with numpy 1.24 (see tools/fixtures/README.md).
const dir = new URL('../../test/fixtures/noise/', import.meta.url);
const streams = JSON.parse(readFileSync(new URL('numpy-streams.json', dir), 'utf8')) as {
  seeds: Record<string, { mt: number[]; doubles: number[]; normals: number[] }>;
};
interface ImageCase {
  kind: NoiseKind;
  params: NoiseParams;
  seed: number;
  height: number;
  width: number;
  channels: 1 | 3;
  images: { index: number; bytes?: number[]; sha256?: string; head?: number[] }[];
}
const { cases } = JSON.parse(readFileSync(new URL('numpy-images.json', dir), 'utf8')) as {
  cases: ImageCase[];
};

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('MT19937 and numpy legacy streams', () => {
  for (const [seed, expected] of Object.entries(streams.seeds)) {
    it(`seed ${seed}: 32-bit outputs and doubles are numpy's`, () => {
      const mt = Mt19937.fromSeed(Number(seed));
      expect(expected.mt.map(() => mt.nextUint32())).toEqual(expected.mt);
      const state = NumpyRandomState.seeded(Number(seed));
      expect(expected.doubles.map(() => state.nextDouble())).toEqual(expected.doubles);
    });

    it(`seed ${seed}: standard normals match numpy to the last bit or two`, () => {
      const state = NumpyRandomState.seeded(Number(seed));
      const z = new Float64Array(expected.normals.length);
      state.fillStandardNormal(z, z.length);
      // Exact apart from V8's Math.log vs glibc's log, which differ by one ulp on a few
      // inputs; that never changed a byte across the image fixtures below.
      let exact = 0;
      expected.normals.forEach((e, i) => {
        expect(Math.abs(z[i]! - e)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(e));
        if (z[i] === e) exact++;
      });
      expect(exact / z.length).toBeGreaterThan(0.9);
    });
  }

  it('skipping normals leaves the stream where drawing them would (odd counts included)', () => {
    for (const skip of [0, 1, 2, 7, 300]) {
      const drawn = NumpyRandomState.seeded(3);
      drawn.fillStandardNormal(new Float64Array(skip), skip);
      const skipped = NumpyRandomState.seeded(3);
      skipped.skipStandardNormal(skip);
      const a = new Float64Array(5);
      const b = new Float64Array(5);
      drawn.fillStandardNormal(a, 5);
      skipped.fillStandardNormal(b, 5);
      expect(b).toEqual(a);
    }
  });
});

describe('numpy-mode images are bit-exact', () => {
  for (const c of cases) {
    const label = `${c.kind} ${JSON.stringify(c.params)} seed ${c.seed} ${c.height}×${c.width}×${c.channels}`;
    it(label, () => {
      clearNumpyStreamCache();
      const spec = {
        kind: c.kind,
        params: c.params,
        seed: c.seed,
        width: c.width,
        height: c.height,
        channels: c.channels,
        rng: 'numpy' as const,
      };
      const images = [...noiseImages(spec, 0, c.images.length)];
      c.images.forEach((expected, i) => {
        const image = images[i]!;
        expect([image.height, image.width, image.channels]).toEqual([c.height, c.width, c.channels]);
        if (expected.bytes) expect(Array.from(image.data)).toEqual(expected.bytes);
        if (expected.head) expect(Array.from(image.data.subarray(0, 64))).toEqual(expected.head);
        if (expected.sha256) expect(sha256(image.data)).toBe(expected.sha256);
      });
    });
  }
});
