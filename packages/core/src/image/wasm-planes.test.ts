import { describe, expect, it } from 'vitest';
import { normalizeTable } from './normalize.js';
import { PRESETS } from './presets.js';
import type { RgbImage } from './types.js';
import { wasmRgbPlanes } from './wasm-planes.js';

/** Deterministic bytes. */
function image(height: number, width: number): RgbImage {
  const data = new Uint8Array(height * width * 3);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, channels: 3 };
}

describe('wasmRgbPlanes', () => {
  it('writes the lookups of each channel into its plane, in RGB and BGR order', () => {
    const img = image(241, 230);
    const box = { top: 9, left: 3, height: 224, width: 224 };
    for (const preset of [PRESETS.torchvision, PRESETS['caffe-bgr']]) {
      const table = normalizeTable(preset);
      const src = preset.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
      const out = new Float32Array(5 + 3 * 224 * 224);
      expect(wasmRgbPlanes({ image: img, box, table, src, out, offset: 5 })).toBe(true);
      let differ = 0;
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < 224; y++) {
          for (let x = 0; x < 224; x++) {
            const byte = img.data[((y + 9) * 230 + x + 3) * 3 + src[c]!]!;
            if (out[5 + c * 224 * 224 + y * 224 + x] !== table[c * 256 + byte]) differ++;
          }
        }
      }
      expect(differ).toBe(0);
      expect(out[0]).toBe(0); // nothing before the offset
    }
  });

  it('leaves small boxes to the JavaScript loop', () => {
    const table = normalizeTable(PRESETS.torchvision);
    const out = new Float32Array(3 * 28 * 28);
    const box = { top: 0, left: 0, height: 28, width: 28 };
    expect(wasmRgbPlanes({ image: image(28, 28), box, table, src: [0, 1, 2], out, offset: 0 })).toBe(false);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});
