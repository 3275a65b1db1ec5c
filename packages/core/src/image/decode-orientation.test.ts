import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode.js';

describe('decodeImage and the EXIF orientation tag', () => {
  it('keeps the stored pixels by default (as PIL) and turns them upright with autoOrient', async () => {
    // Stored 3 wide × 2 high, red at the top left; orientation 6 means "rotate 90° clockwise to view".
    const pixels = new Uint8Array(3 * 2 * 3).fill(0);
    pixels.set([255, 0, 0], 0);
    const photo = await sharp(pixels, { raw: { width: 3, height: 2, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    const stored = await decodeImage(photo);
    expect([stored.width, stored.height]).toEqual([3, 2]);
    expect([...stored.data.subarray(0, 3)]).toEqual([255, 0, 0]);
    const upright = await decodeImage(photo, { autoOrient: true });
    expect([upright.width, upright.height]).toEqual([2, 3]);
    // Rotated clockwise, the top-left pixel is now at the top right.
    expect([...upright.data.subarray(3, 6)]).toEqual([255, 0, 0]);
    expect([...upright.data.subarray(0, 3)]).toEqual([0, 0, 0]);
  });
});
