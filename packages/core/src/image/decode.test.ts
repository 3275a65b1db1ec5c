import { describe, expect, it } from 'vitest';
import { compare, fixtureBytes, fixturePath, manifest } from '../../test/fixtures/image/manifest.js';
import { decodeImage, encodePng } from './decode.js';
import type { RgbImage } from './types.js';

describe('decodeImage matches PIL Image.open(path).convert("RGB")', () => {
  for (const c of manifest.decode) {
    // JPEG cases carry tolerance 2: sharp decodes with mozjpeg and PIL with the system
    // libjpeg-turbo; both default to the same integer IDCT and fancy chroma upsampling, but a
    // decoder's IDCT/upsampling is not fixed by the JPEG standard, so another build may differ by
    // a level or two. (With the versions here the difference is 0.) PNG cases must be exact.
    it(`${c.name}: ${c.note} (tolerance ${c.tolerance})`, async () => {
      const image = await decodeImage(fixturePath(c.input));
      expect([image.width, image.height, image.channels]).toEqual([c.width, c.height, 3]);
      const { maxAbs } = compare(image.data, fixtureBytes(c.expected));
      expect(maxAbs).toBeLessThanOrEqual(c.tolerance);
    });
  }

  it('decodes bytes as well as paths', async () => {
    const c = manifest.decode[0]!;
    const fromBytes = await decodeImage(fixtureBytes(c.input));
    expect(fromBytes.data).toEqual((await decodeImage(fixturePath(c.input))).data);
  });
});

describe('decodeImage errors', () => {
  it.each([
    ['inputs/corrupt-truncated.png', 'BAD_IMAGE'],
    ['inputs/not-an-image.png', 'BAD_IMAGE'],
    ['inputs/does-not-exist.png', 'FILE_NOT_FOUND'],
    ['inputs/', 'BAD_IMAGE'],
  ])('%s → %s with a hint and no raw library message', async (path, code) => {
    const error = await decodeImage(fixturePath(path)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SnowblindError', code });
    expect((error as { hint?: string }).hint).toBeTruthy();
    expect((error as Error).message).not.toMatch(/vips|libpng|Input buffer/);
  });

  it('rejects absurdly large images from their header', async () => {
    const huge = await encodePng({ data: new Uint8Array(3), width: 1, height: 1, channels: 3 });
    // Patch the IHDR width (bytes 16..19) to 20000: the size check runs before pixel decoding.
    const patched = Uint8Array.from(huge);
    new DataView(patched.buffer).setUint32(16, 20000);
    await expect(decodeImage(patched)).rejects.toMatchObject({ code: 'BAD_IMAGE' });
  });
});

describe('encodePng', () => {
  it.each([1, 3, 4] as const)('round-trips %i-channel bytes losslessly', async (channels) => {
    const data = Uint8Array.from({ length: 5 * 3 * channels }, (_, i) => (i * 37) % 256);
    const image: RgbImage = { data, width: 5, height: 3, channels };
    const decoded = await decodeImage(await encodePng(image));
    // decodeImage returns RGB: gray is expanded and alpha dropped.
    const rgb = Uint8Array.from({ length: 15 * 3 }, (_, i) => {
      const pixel = Math.floor(i / 3);
      return channels === 1 ? data[pixel]! : data[pixel * channels + (i % 3)]!;
    });
    expect(decoded.data).toEqual(rgb);
  });

  it('rejects a malformed image with BAD_INPUT', async () => {
    await expect(
      encodePng({ data: new Uint8Array(5), width: 2, height: 2, channels: 3 }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});
