import { describe, expect, it } from 'vitest';
import { pilLuma, toGrayscale } from './grayscale.js';

describe("toGrayscale (PIL convert('L'))", () => {
  it('uses ITU-R 601-2 weights in 16-bit fixed point with rounding', () => {
    expect(pilLuma(255, 255, 255)).toBe(255);
    expect(pilLuma(0, 0, 0)).toBe(0);
    expect(pilLuma(255, 0, 0)).toBe(76); // 0.299 · 255 = 76.2
    expect(pilLuma(0, 255, 0)).toBe(150); // 0.587 · 255 = 149.7
    expect(pilLuma(0, 0, 255)).toBe(29); // 0.114 · 255 = 29.07
    // (1·19595 + 2·38470 + 3·7471 + 32768) >> 16 = 2 (float weights give 1.815 → 2 as well)
    expect(pilLuma(1, 2, 3)).toBe(2);
  });

  it('ignores alpha and passes gray through', () => {
    const rgba = {
      data: Uint8Array.from([255, 0, 0, 0, 0, 0, 255, 9]),
      width: 2,
      height: 1,
      channels: 4 as const,
    };
    expect([...toGrayscale(rgba).data]).toEqual([76, 29]);
    const gray = { data: Uint8Array.from([3]), width: 1, height: 1, channels: 1 as const };
    expect(toGrayscale(gray)).toBe(gray);
  });
});
