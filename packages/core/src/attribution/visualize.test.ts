import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isSnowblindError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import { BLUES, colorAt, colormapFromStops, GRAY, GREENS, RED_WHITE_GREEN, REDS } from './colormaps.js';
import { toNpy } from './npy.js';
import { renderPanels, renderPng } from './panels.js';
import { channelSum, cumulativeSumThreshold, normalizeAttribution, type VisualizeSign } from './threshold.js';
import { visualizeImageAttr } from './visualize.js';

interface Visual {
  colormaps: Record<string, { vmin: number; vmax: number; values: number[]; rgb: number[][] }>;
  normalize: {
    hwc: number[];
    height: number;
    width: number;
    cases: Record<string, { threshold: number; values: number[] }>;
  };
}
const visual = JSON.parse(
  readFileSync(new URL('../../test/fixtures/attribution/visual-reference.json', import.meta.url), 'utf8'),
) as Visual;

const REFERENCE_CUSTOM = colormapFromStops('custom', [
  [0, '#ffffff'],
  [0.25, '#000000'],
  [1, '#000000'],
]);

describe('thresholds and normalisation (Captum _normalize_attr)', () => {
  it('picks the first value whose cumulative sum reaches the percentile', () => {
    expect(cumulativeSumThreshold([1, 2, 3, 4], 50)).toBe(3); // cumsum 1 3 6 10 ≥ 5 at 3
    expect(cumulativeSumThreshold([4, 3, 2, 1], 60)).toBe(3); // ≥ 6 at 3
    expect(cumulativeSumThreshold([0, 0, 10], 98)).toBe(10);
    expect(cumulativeSumThreshold([5, 5, 5, 5], 100)).toBe(5);
  });

  it('matches the numpy reference for every sign and outlier percentage', () => {
    const { hwc, height, width, cases } = visual.normalize;
    const summed = channelSum(Float32Array.from(hwc), height, width, 'NHWC');
    for (const [key, ref] of Object.entries(cases)) {
      const [sign, perc] = key.split('/') as [VisualizeSign, string];
      const { values, threshold } = normalizeAttribution(summed, sign, Number(perc));
      expect(threshold).toBeCloseTo(ref.threshold, 5);
      ref.values.forEach((v, i) => {
        expect(values[i]).toBeCloseTo(v, 5);
      });
    }
  });

  it('handles signs: negative maps to [0, 1], positive drops negatives, all keeps both', () => {
    const map = [-4, -1, 0, 2, 8];
    expect(Array.from(normalizeAttribution(map, 'negative', 0).values)).toEqual([1, 0.25, 0, 0, 0]);
    expect(Array.from(normalizeAttribution(map, 'positive', 0).values)).toEqual([0, 0, 0, 0.25, 1]);
    expect(Array.from(normalizeAttribution(map, 'absolute_value', 0).values)).toEqual([
      0.5, 0.125, 0, 0.25, 1,
    ]);
    expect(Array.from(normalizeAttribution(map, 'all', 0).values)).toEqual([-0.5, -0.125, 0, 0.25, 1]);
    // outlier_perc clips the largest values to ±1: |map| sorted 0 1 2 4 8, cumsum reaches 40% of 15 at 4.
    expect(Array.from(normalizeAttribution(map, 'all', 60).values)).toEqual([-1, -0.25, 0, 0.5, 1]);
  });

  it('rejects zero maps and empty signs with a BAD_INPUT hint, not a crash', () => {
    for (const [map, sign] of [
      [[0, 0, 0], 'absolute_value'],
      [[0, 0, 0], 'all'],
      [[-1, -2, 0], 'positive'],
      [[1, 2], 'negative'],
    ] as const) {
      try {
        normalizeAttribution(map, sign);
        expect.unreachable();
      } catch (error) {
        expect(isSnowblindError(error, 'BAD_INPUT')).toBe(true);
        expect((error as Error).message).toMatch(/scale factor 0/);
        expect((error as { hint?: string }).hint).toBeTruthy();
      }
    }
  });

  it('sums channels in either layout', () => {
    const chw = Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]); // C=2, H=1, W=4
    expect(Array.from(channelSum(chw, 1, 4, 'NCHW'))).toEqual([11, 22, 33, 44]);
    expect(Array.from(channelSum(chw, 1, 4, 'NHWC'))).toEqual([3, 7, 30, 70]);
  });
});

describe('colormaps', () => {
  it('match matplotlib byte for byte (Greens, Reds, Blues, gray, RdWhGn, the reference custom map)', () => {
    const maps = {
      Greens: GREENS,
      Reds: REDS,
      Blues: BLUES,
      gray: GRAY,
      RdWhGn: RED_WHITE_GREEN,
      custom: REFERENCE_CUSTOM,
    };
    for (const [name, ref] of Object.entries(visual.colormaps)) {
      const cmap = maps[name as keyof typeof maps];
      ref.values.forEach((v, i) => {
        expect([name, v, colorAt(cmap, v, ref.vmin, ref.vmax)]).toEqual([name, v, ref.rgb[i]]);
      });
    }
  });
});

function image(width: number, height: number, fill: (p: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(fill(p), p * 3);
  return { data, width, height, channels: 3 };
}

describe('visualizeImageAttr and PNG rendering', () => {
  // 2 channels × 2 × 2, channel sums [0, 1, 2, 100] → with outlierPerc 2 the threshold is 100.
  const attr = Float32Array.from([0, 0.5, 1, 50, 0, 0.5, 1, 50]);
  const photo = image(2, 2, (p) => [40 * p, 100, 200]);

  it('draws Greens from white-ish at 0 to darkest green at 1', async () => {
    const heat = visualizeImageAttr(attr, photo, { sign: 'positive' });
    expect(Array.from(heat.data.subarray(0, 3))).toEqual([247, 252, 245]);
    expect(Array.from(heat.data.subarray(9, 12))).toEqual([0, 68, 27]);
    const png = await renderPng(heat, { scale: 4 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    // Margin 8, scale 4: pixel (0,0) covers 8..11, pixel (1,1) covers 12..15.
    expect(at(9, 9)).toEqual([247, 252, 245]);
    expect(at(13, 13)).toEqual([0, 68, 27]);
    expect(at(2, 2)).toEqual([255, 255, 255]);
  });

  it('supports blended, masked, original and a custom colormap', () => {
    const masked = visualizeImageAttr(attr, photo, {
      method: 'masked_image',
      sign: 'absolute_value',
      outlierPerc: 0,
    });
    expect(Array.from(masked.data.subarray(9, 12))).toEqual([120, 100, 200]);
    expect(Array.from(masked.data.subarray(3, 6))).toEqual([0, 1, 2]);
    expect(visualizeImageAttr(attr, photo, { method: 'original_image' }).data).toEqual(photo.data);
    const blended = visualizeImageAttr(attr, photo, { method: 'blended_heat_map', sign: 'positive' });
    // Pixel 0: gray background is the darkest (0), heat is Greens(0); half each.
    expect(Array.from(blended.data.subarray(0, 3))).toEqual([124, 126, 123]);
    const custom = visualizeImageAttr(attr, photo, { cmap: REFERENCE_CUSTOM });
    expect(Array.from(custom.data.subarray(0, 3))).toEqual([255, 255, 255]);
    expect(Array.from(custom.data.subarray(9, 12))).toEqual([0, 0, 0]);
    expect(() => visualizeImageAttr(attr, photo, { method: 'masked_image', sign: 'all' })).toThrow(
      /positive and negative/,
    );
    expect(() => visualizeImageAttr(attr, undefined, { method: 'blended_heat_map' })).toThrow(
      /original image/,
    );
    expect(() => visualizeImageAttr(new Float32Array(8), photo, { sign: 'positive' })).toThrow(
      /scale factor 0/,
    );
  });

  it('renders panels side by side with titles and a colorbar', async () => {
    const heat = visualizeImageAttr(attr, photo, { sign: 'all' });
    const png = await renderPanels(
      [
        { image: photo, title: 'original' },
        { image: heat, title: 'IG', colorbar: true },
      ],
      { scale: 20 },
    );
    const meta = await sharp(png).metadata();
    // 8 + 40 + 8 + 40 + 6 + 14 + 40 + 8 wide; 8 + 22 + 40 + 8 high.
    expect([meta.width, meta.height]).toEqual([164, 78]);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    expect(at(8 + 40 + 8 + 40 + 6 + 7, 30)).toEqual([0, 128, 0]); // top of the bar: vmax, green
    expect(at(8 + 40 + 8 + 40 + 6 + 7, 30 + 39)).toEqual([255, 0, 0]); // bottom: vmin, red
  });
});

describe('toNpy', () => {
  it('writes a NumPy 1.0 header aligned to 64 bytes and little-endian float32 data', () => {
    const bytes = toNpy(Float32Array.from([1.5, -2, 3, 0.25, 5, 6]), [1, 2, 3]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const headerLength = bytes[8]! + 256 * bytes[9]!;
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(1, 2, 3\), \} *\n$/);
    const data = new Float32Array(bytes.slice(10 + headerLength).buffer);
    expect(Array.from(data)).toEqual([1.5, -2, 3, 0.25, 5, 6]);
    expect(new TextDecoder().decode(toNpy(new Float32Array(2), [2]).subarray(10, 80))).toMatch(
      /'shape': \(2,\)/,
    );
    expect(() => toNpy(new Float32Array(3), [2, 2])).toThrow(/does not hold/);
  });
});
