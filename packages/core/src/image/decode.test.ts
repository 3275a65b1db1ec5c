import sharp from 'sharp';
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

  /** A 1×1 PNG or JPEG whose header claims `width × height`: no real pixels behind it. */
  async function claiming(format: 'png' | 'jpeg', width: number, height: number): Promise<Uint8Array> {
    const bytes = Uint8Array.from(
      await sharp(Buffer.alloc(3), { raw: { width: 1, height: 1, channels: 3 } })
        .toFormat(format)
        .toBuffer(),
    );
    const view = new DataView(bytes.buffer);
    if (format === 'png') {
      // IHDR: width at bytes 16..19, height at 20..23.
      view.setUint32(16, width);
      view.setUint32(20, height);
    } else {
      // SOF0 (FF C0): length (2), precision (1), height (2), width (2).
      const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
      view.setUint16(sof + 5, height);
      view.setUint16(sof + 7, width);
    }
    return bytes;
  }

  it.each(['png', 'jpeg'] as const)(
    'a 20000×20000 %s is refused as too large (with the limit) from its header, not called truncated',
    async (format) => {
      const error = await decodeImage(await claiming(format, 20000, 20000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_IMAGE' });
      expect((error as Error).message).toMatch(
        /20000×20000 is too large \(the limits are 16384 pixels per side and 178,956,970 in all\)/,
      );
      expect((error as { hint: string }).hint).toMatch(
        /Downscale it \(e\.g\. to 13377×13377, which keeps its aspect ratio\)/,
      );
    },
  );

  it('refuses what PIL refuses as a decompression bomb (over 178,956,970 pixels), from the header', async () => {
    const error = await decodeImage(await claiming('png', 13000, 13800)).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      '13000×13800 is too large (179,400,000 pixels, the limit is 178,956,970)',
    );
  });

  it('a 17000×100 strip is refused for its side alone', async () => {
    const error = await decodeImage(await claiming('png', 17000, 100)).catch((e: unknown) => e);
    expect((error as Error).message).toContain('17000×100 is too large (the limit is 16384 pixels per side)');
    expect((error as { hint: string }).hint).toContain('e.g. to 16384×96');
  });

  it('maxPixels lowers the pixel limit, and the message gives it', async () => {
    const error = await decodeImage(await claiming('png', 3000, 2000), { maxPixels: 1_000_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BAD_IMAGE' });
    expect((error as Error).message).toContain(
      '3000×2000 is too large (6,000,000 pixels, the limit is 1,000,000)',
    );
    expect((error as { hint: string }).hint).toContain('1224×816');
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
