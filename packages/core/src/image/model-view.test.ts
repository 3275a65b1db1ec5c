import { describe, expect, it } from 'vitest';
import { modelView } from './model-view.js';
import { preprocess } from './preprocess.js';
import { PRESETS } from './presets.js';
import type { RgbImage } from './types.js';

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  return { data, width, height, channels: 3 };
}

describe('modelView', () => {
  it('is the preprocessed tensor before normalisation (torchvision, NCHW)', () => {
    const image = gradient(300, 200);
    const view = modelView(image, PRESETS.torchvision);
    expect([view.width, view.height, view.channels]).toEqual([224, 224, 3]);
    const tensor = preprocess(image, PRESETS.torchvision);
    const plane = 224 * 224;
    for (const p of [0, 1234, plane - 1]) {
      for (let c = 0; c < 3; c++) {
        const expected =
          (view.data[p * 3 + c]! / 255 - PRESETS.torchvision.mean[c]!) / PRESETS.torchvision.std[c]!;
        expect(tensor[c * plane + p]).toBeCloseTo(expected, 5);
      }
    }
  });

  it('is one gray channel at 28×28 for fashion-mnist', () => {
    const view = modelView(gradient(64, 48), PRESETS['fashion-mnist']);
    expect([view.width, view.height, view.channels]).toEqual([28, 28, 1]);
  });
});
