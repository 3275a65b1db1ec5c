import { describe, expect, it } from 'vitest';
import { centerCrop, centerCropBox } from './center-crop.js';
import type { RgbImage } from './types.js';

describe('centerCropBox (torchvision 0.14 F.center_crop)', () => {
  it('rounds (size − crop) / 2 half to even like Python round()', () => {
    // (H − h) / 2: 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4, 16.5 → 16, 58.5 → 58
    expect([1, 3, 5, 7, 33, 117].map((d) => centerCropBox(224 + d, 224, 224, 224).top)).toEqual([
      0, 2, 2, 4, 16, 58,
    ]);
    expect(centerCropBox(256, 384, 224, 224)).toEqual({ top: 16, left: 80, height: 224, width: 224 });
  });

  it('pads (crop − size) // 2 before when the crop is larger', () => {
    expect(centerCropBox(5, 4, 8, 7)).toEqual({ top: -1, left: -1, height: 8, width: 7 });
    // Only one axis padded: the other is still cropped with round().
    expect(centerCropBox(10, 2, 7, 4)).toEqual({ top: 2, left: -1, height: 7, width: 4 });
  });
});

describe('centerCrop', () => {
  const image: RgbImage = {
    data: Uint8Array.from({ length: 12 }, (_, i) => i + 1),
    width: 4,
    height: 3,
    channels: 1,
  };
  // 1  2  3  4
  // 5  6  7  8
  // 9 10 11 12

  it('crops the center', () => {
    expect([...centerCrop(image, 1, 2).data]).toEqual([6, 7]);
    expect([...centerCrop(image, 2, 3).data]).toEqual([1, 2, 3, 5, 6, 7]); // round(0.5) = 0
  });

  it('zero-pads like torchvision (left (c−s)//2, right the rest)', () => {
    expect([...centerCrop(image, 5, 5).data]).toEqual([
      0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('keeps channels together', () => {
    const rgb: RgbImage = {
      data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      width: 3,
      height: 1,
      channels: 3,
    };
    expect([...centerCrop(rgb, 1, 1).data]).toEqual([4, 5, 6]);
  });
});
