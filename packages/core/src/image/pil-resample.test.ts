import { describe, expect, it } from 'vitest';
import { compare, fixtureBytes, fixturePath, manifest, sha256 } from '../../test/fixtures/image/manifest.js';
import { decodeImage } from './decode.js';
import { toGrayscale } from './grayscale.js';
import { resizeShorter, resizeTo, shorterSideSize } from './resize.js';
import type { RgbImage } from './types.js';

/** Compare with a stored PIL result: sha256 first, then details when it differs. */
function expectSameBytes(actual: RgbImage, expected: { sha256: string; file?: string }): void {
  if (sha256(actual.data) === expected.sha256) return;
  const detail = expected.file ? compare(actual.data, fixtureBytes(expected.file)) : 'no stored copy';
  expect.fail(`differs from PIL: ${JSON.stringify(detail)}`);
}

describe('resize: bit-exact with PIL 9.4 Image.resize(BILINEAR)', () => {
  for (const fixture of manifest.images) {
    describe(fixture.name, () => {
      it(`Resize(256) → ${fixture.resize256.width}×${fixture.resize256.height}`, async () => {
        const image = await decodeImage(fixturePath(fixture.input));
        const resized = resizeShorter(image, 256);
        expect([resized.width, resized.height]).toEqual([fixture.resize256.width, fixture.resize256.height]);
        expectSameBytes(resized, fixture.resize256);
      });

      for (const extra of fixture.extraResizes) {
        it(`resize to ${extra.height}×${extra.width} (height × width)`, async () => {
          const image = await decodeImage(fixturePath(fixture.input));
          expectSameBytes(resizeTo(image, extra.height, extra.width), extra);
        });
      }

      it('gray L → 28×28', async () => {
        const image = await decodeImage(fixturePath(fixture.input));
        expectSameBytes(resizeTo(toGrayscale(image), 28, 28), fixture.gray28);
      });
    });
  }
});

describe('shorterSideSize (torchvision _compute_resized_output_size)', () => {
  it('keeps the aspect with int() truncation', () => {
    expect(shorterSideSize(200, 300, 256)).toEqual([256, 384]);
    expect(shorterSideSize(301, 199, 256)).toEqual([387, 256]); // 256·301/199 = 387.2
    expect(shorterSideSize(375, 500, 256)).toEqual([256, 341]); // 341.33
    expect(shorterSideSize(64, 64, 256)).toEqual([256, 256]);
    expect(shorterSideSize(256, 257, 256)).toEqual([256, 257]);
  });
});

describe('resizeTo', () => {
  it('is the identity (a copy) when the size does not change', () => {
    const image: RgbImage = { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), width: 2, height: 1, channels: 3 };
    const out = resizeTo(image, 1, 2);
    expect(out.data).toEqual(image.data);
    expect(out.data).not.toBe(image.data);
  });

  it('keeps a constant image constant when up- and downscaling', () => {
    const image: RgbImage = { data: new Uint8Array(7 * 5).fill(200), width: 7, height: 5, channels: 1 };
    for (const [h, w] of [
      [2, 3],
      [11, 13],
      [5, 1],
    ] as const) {
      expect(new Set(resizeTo(image, h, w).data)).toEqual(new Set([200]));
    }
  });

  it('rejects bad sizes with BAD_INPUT', () => {
    const image: RgbImage = { data: new Uint8Array(3), width: 1, height: 1, channels: 3 };
    expect(() => resizeTo(image, 0, 4)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => resizeTo({ ...image, width: 2 }, 4, 4)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});
