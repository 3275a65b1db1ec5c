import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRESETS, preprocess } from '../image/index.js';
import { noiseImages, noiseImagesInto, validateNoiseSpec } from '../noise/index.js';
import { readWindow } from './read-window.js';

describe('readWindow', () => {
  it('is the crop of un-resized noise in values, and undefined when everything is read', () => {
    const shape = { height: 256, width: 256, channels: 3 };
    expect(readWindow(PRESETS.torchvision, shape)).toEqual({
      rowLength: 768,
      top: 16,
      bottom: 240,
      left: 48,
      right: 720,
    });
    expect(readWindow(PRESETS.torchvision, { ...shape, height: 512, width: 512 })).toBeUndefined();
  });

  it('gives the same tensors as full images (the kernel skips the rest)', () => {
    for (const rng of ['numpy', 'default'] as const) {
      for (const kind of ['seed-wrap', 'gaussian'] as const) {
        const spec = validateNoiseSpec({ kind, seed: 9, rng });
        const window = readWindow(PRESETS.torchvision, spec);
        const full = [...noiseImages(spec, 3, 3)].map((image) => preprocess(image, PRESETS.torchvision));
        // The reused image must be read before the next one is asked for.
        const part: Float32Array[] = [];
        for (const image of noiseImagesInto(spec, 3, 3, window))
          part.push(preprocess(image, PRESETS.torchvision));
        // Compared as bytes: deep equality on 150k-float arrays is slow.
        expect(part.map(hex)).toEqual(full.map(hex));
      }
    }
  });
});

function hex(tensor: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(tensor.buffer)).digest('hex');
}
