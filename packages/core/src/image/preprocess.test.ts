import { describe, expect, it } from 'vitest';
import { compare, fixtureFloats, fixturePath, manifest, sha256 } from '../../test/fixtures/image/manifest.js';
import { centerCrop } from './center-crop.js';
import { decodeImage } from './decode.js';
import { inputShape, preprocess, preprocessInto, readRegion } from './preprocess.js';
import { PRESETS } from './presets.js';
import { resizeShorter, resizeTo } from './resize.js';
import { resolvePreset } from './resolve-preset.js';
import type { Preset, RgbImage } from './types.js';

/** Target of the brief: float32 values within 1e-5 of torchvision (they are in fact identical). */
const TOLERANCE = 1e-5;

const presets = ['torchvision', 'caffe-bgr', 'tf-mobilenet', 'fashion-mnist'] as const;

describe('preprocess parity with torchvision 0.14 + PIL 9.4', () => {
  for (const fixture of manifest.images) {
    for (const name of presets) {
      const expected = fixture.tensors[name]!;
      it(`${fixture.name} · ${name}`, async () => {
        const image = await decodeImage(fixturePath(fixture.input));
        const tensor = preprocess(image, PRESETS[name]);
        expect(tensor.length).toBe(expected.length);
        if (expected.file) {
          const { maxAbs } = compare(tensor, fixtureFloats(expected.file));
          expect(maxAbs).toBeLessThanOrEqual(TOLERANCE);
        }
        // Bit-identical float32 bytes: the chain is evaluated with PyTorch's float32 roundings.
        expect(sha256(tensor)).toBe(expected.sha256);
      });
    }
  }
});

describe('preprocessInto', () => {
  it('writes each image of a batch at its offset, identical to preprocess()', async () => {
    const preset = PRESETS.torchvision;
    const { size } = inputShape(preset);
    const images = await Promise.all(
      manifest.images.slice(0, 3).map((f) => decodeImage(fixturePath(f.input))),
    );
    const batch = new Float32Array(size * images.length + 1).fill(Number.NaN);
    for (const [i, image] of images.entries()) preprocessInto(image, preset, batch, i * size);
    for (const [i, image] of images.entries()) {
      expect(sha256(batch.subarray(i * size, (i + 1) * size))).toBe(sha256(preprocess(image, preset)));
    }
    expect(batch[batch.length - 1]).toBeNaN(); // nothing written past the batch
  });

  it('rejects a buffer that is too small with BAD_INPUT', () => {
    const image: RgbImage = { data: new Uint8Array(28 * 28), width: 28, height: 28, channels: 1 };
    const out = new Float32Array(28 * 28);
    expect(() => preprocessInto(image, PRESETS['fashion-mnist'], out, 1)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});

describe('preprocess channel handling', () => {
  const rgb: RgbImage = { data: Uint8Array.from([10, 20, 30, 40, 50, 60]), width: 2, height: 1, channels: 3 };
  const raw: Preset = {
    ...PRESETS.torchvision,
    resize: null,
    crop: null,
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  };

  it('writes NCHW planes and NHWC pixels', () => {
    expect([...preprocess(rgb, raw)]).toEqual([10, 40, 20, 50, 30, 60]);
    expect([...preprocess(rgb, { ...raw, layout: 'NHWC' })]).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('reverses channels for BGR', () => {
    expect([...preprocess(rgb, { ...raw, layout: 'NHWC', channelOrder: 'BGR' })]).toEqual([
      30, 20, 10, 60, 50, 40,
    ]);
  });

  it('ignores alpha and expands gray to RGB', () => {
    const rgba: RgbImage = {
      data: Uint8Array.from([10, 20, 30, 0, 40, 50, 60, 255]),
      width: 2,
      height: 1,
      channels: 4,
    };
    expect(preprocess(rgba, raw)).toEqual(preprocess(rgb, raw));
    const gray: RgbImage = { data: Uint8Array.from([7, 9]), width: 2, height: 1, channels: 1 };
    expect([...preprocess(gray, { ...raw, layout: 'NHWC' })]).toEqual([7, 7, 7, 9, 9, 9]);
  });

  it('pads with zero bytes (then normalises them) when the crop exceeds the image', () => {
    const preset = { ...raw, crop: [1, 4] as const, mean: [1, 2, 3], layout: 'NHWC' as const };
    // torchvision pads left (4-2)//2 = 1 column and right 1 column of zeros before normalising.
    expect([...preprocess(rgb, preset)]).toEqual([-1, -2, -3, 9, 18, 27, 39, 48, 57, -1, -2, -3]);
  });
});

describe('preprocess equals the step-by-step chain', () => {
  // preprocess() resamples only the pixels the crop keeps; this checks that shortcut against the
  // public steps, including crops that need padding on one axis or both.
  const plain: Preset = { ...PRESETS['tf-mobilenet'], resize: null, crop: null };
  const geometries = [
    [100, [120, 90]],
    [61, [40, 200]],
    [
      [50, 33],
      [70, 70],
    ],
    [300, [224, 224]],
  ] as const;
  for (const fixture of manifest.images.slice(0, 3)) {
    it(fixture.name, async () => {
      const image = await decodeImage(fixturePath(fixture.input));
      for (const [resize, crop] of geometries) {
        const resized =
          typeof resize === 'number' ? resizeShorter(image, resize) : resizeTo(image, ...resize);
        const expected = preprocess(centerCrop(resized, ...crop), plain);
        const actual = preprocess(image, { ...plain, resize, crop });
        expect(sha256(actual)).toBe(sha256(expected));
      }
    });
  }
});

describe('inputShape', () => {
  it('is the crop size, or the exact resize size', () => {
    expect(inputShape(PRESETS.torchvision)).toEqual({ height: 224, width: 224, channels: 3, size: 150528 });
    expect(inputShape(PRESETS['fashion-mnist'], 1)).toEqual({
      height: 28,
      width: 28,
      channels: 1,
      size: 784,
    });
  });

  it('throws BAD_PRESET when the size is not fixed or channels disagree', async () => {
    const loose = await resolvePreset({ base: 'torchvision', crop: null });
    expect(() => inputShape(loose)).toThrow(expect.objectContaining({ code: 'BAD_PRESET' }));
    expect(() => inputShape(PRESETS.torchvision, 1)).toThrow(expect.objectContaining({ code: 'BAD_PRESET' }));
  });
});

describe('readRegion', () => {
  it('is the crop of an image the preset does not resize', () => {
    expect(readRegion(PRESETS.torchvision, 256, 256)).toEqual({ top: 16, left: 16, height: 224, width: 224 });
    // shorter side already 256: no resize, and the crop is off-centre vertically only
    expect(readRegion(PRESETS.torchvision, 300, 256)).toEqual({ top: 38, left: 16, height: 224, width: 224 });
  });

  it('is null when every pixel can matter', () => {
    expect(readRegion(PRESETS.torchvision, 512, 512)).toBeNull(); // resized
    expect(readRegion(PRESETS['fashion-mnist'], 28, 28)).toBeNull(); // grayscale
    const noCrop = { ...PRESETS.torchvision, resize: null, crop: null };
    expect(readRegion(noCrop, 50, 40)).toBeNull();
    const wideCrop = { ...PRESETS.torchvision, resize: null, crop: [10, 60] as const };
    expect(readRegion(wideCrop, 50, 40)).toEqual({ top: 20, left: 0, height: 10, width: 40 });
  });

  it('covers every byte preprocess reads: other bytes do not change the tensor', () => {
    const image: RgbImage = { data: new Uint8Array(40 * 30 * 3), width: 30, height: 40, channels: 3 };
    image.data.forEach((_, i) => {
      image.data[i] = (i * 37) & 255;
    });
    const preset = { ...PRESETS.torchvision, resize: null, crop: [20, 25] as const };
    const region = readRegion(preset, 40, 30)!;
    const scrambled = { ...image, data: image.data.slice() };
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 30; x++) {
        const out =
          y < region.top ||
          y >= region.top + region.height ||
          x < region.left ||
          x >= region.left + region.width;
        if (out) scrambled.data.fill(255, (y * 30 + x) * 3, (y * 30 + x + 1) * 3);
      }
    }
    expect(preprocess(scrambled, preset)).toEqual(preprocess(image, preset));
    expect(preprocess(scrambled, { ...preset, layout: 'NHWC' })).toEqual(
      preprocess(image, { ...preset, layout: 'NHWC' }),
    );
  });
});
