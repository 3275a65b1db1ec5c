import { describe, expect, it } from 'vitest';
import { SnowblindError } from '../errors.js';
import { PRESETS } from '../image/index.js';
import type { Preset } from '../image/types.js';
import { inputGeometry } from './input-geometry.js';

function mismatch(shape: (number | null)[], preset: Preset): SnowblindError {
  try {
    inputGeometry(shape, preset, 'm');
  } catch (error) {
    if (error instanceof SnowblindError && error.code === 'SHAPE_MISMATCH') return error;
    throw error;
  }
  throw new Error(`[${shape.join(', ')}] fitted ${preset.name}`);
}

describe('SHAPE_MISMATCH names the axis that disagrees, read in the model layout', () => {
  it('an NHWC [?, 28, 28, 1] model under torchvision: layout, 1 channel (not 28), 28×28', () => {
    const error = mismatch([null, 28, 28, 1], PRESETS.torchvision);
    expect(error.message).toBe(
      'm takes input [?, 28, 28, 1], but preset torchvision uses layout NCHW where the model is NHWC, ' +
        'produces 3 channel(s) where the model wants 1 and crops 224×224 where the model wants 28×28',
    );
    expect(error.message).not.toMatch(/wants 28 /);
    expect(error.hint).toMatch(/layout NHWC/);
    expect(error.hint).toMatch(/grayscale preset \(e\.g\. fashion-mnist\)/);
  });

  it('an NCHW [?, 1, 28, 28] model under fashion-mnist (NHWC) is only a layout mismatch', () => {
    const error = mismatch([null, 1, 28, 28], PRESETS['fashion-mnist']);
    expect(error.message).toMatch(/uses layout NHWC where the model is NCHW$/);
    expect(error.hint).toBe('the model is NCHW: use a preset with layout NCHW');
  });

  it('an RGB NCHW model under a grayscale preset names the channels only', () => {
    const grey = { ...PRESETS.torchvision, grayscale: true, mean: [0.5], std: [0.5] } as Preset;
    const error = mismatch([null, 3, 224, 224], grey);
    expect(error.message).toMatch(/produces 1 channel\(s\) where the model wants 3$/);
  });

  it('the right preset still fits, dynamic dims taken from the preset', () => {
    expect(inputGeometry([null, 28, 28, 1], PRESETS['fashion-mnist'], 'm').dims).toEqual([28, 28, 1]);
    expect(inputGeometry([1, 3, null, null], PRESETS.torchvision, 'm')).toMatchObject({
      dims: [3, 224, 224],
      fixedBatch: 1,
    });
  });
});
