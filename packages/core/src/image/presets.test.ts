import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetNames } from './presets.js';
import { resolvePreset } from './resolve-preset.js';

const dir = mkdtempSync(join(tmpdir(), 'snowblind-presets-'));
function jsonFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('built-in presets', () => {
  it('have the fixed names', () => {
    expect(presetNames()).toEqual(['torchvision', 'caffe-bgr', 'tf-mobilenet', 'fashion-mnist']);
  });

  it('are frozen', () => {
    expect(Object.isFrozen(PRESETS.torchvision)).toBe(true);
    expect(Object.isFrozen(PRESETS.torchvision.mean)).toBe(true);
  });

  it('resolve by name to the same object', async () => {
    for (const name of presetNames()) expect(await resolvePreset(name)).toBe(PRESETS[name as 'torchvision']);
  });
});

describe('resolvePreset with overrides', () => {
  it('merges a base preset with overrides', async () => {
    const preset = await resolvePreset({ base: 'torchvision', resize: 342, crop: [299, 299] });
    expect(preset).toMatchObject({
      name: 'custom',
      resize: 342,
      crop: [299, 299],
      mean: PRESETS.torchvision.mean,
    });
  });

  it('reads a JSON file, accepting a square crop as one number', async () => {
    const path = jsonFile('p.json', '{"base": "caffe-bgr", "name": "vgg", "crop": 227}');
    expect(await resolvePreset(path)).toMatchObject({ name: 'vgg', crop: [227, 227], channelOrder: 'BGR' });
  });

  it('accepts a complete description without base', async () => {
    const { name: _, ...rest } = PRESETS['fashion-mnist'];
    expect(await resolvePreset({ ...rest, resize: [32, 32] })).toMatchObject({
      name: 'custom',
      resize: [32, 32],
    });
  });
});

describe('resolvePreset errors', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['unknown name', 'imagenet', 'BAD_PRESET', /torchvision, caffe-bgr/],
    ['a bare file name', 'my-preset', 'BAD_PRESET', /with a folder: \.\/my-preset/],
    ['unknown base', { base: 'nope' }, 'BAD_PRESET', /torchvision/],
    ['missing fields without base', { crop: [224, 224] }, 'BAD_PRESET', /base/],
    ['mean length vs channels', { base: 'torchvision', mean: [0.5] }, 'BAD_PRESET', /3 mean/],
    ['grayscale with 3 std', { base: 'torchvision', grayscale: true, mean: [0.5] }, 'BAD_PRESET', /1 std/],
    ['zero std', { base: 'torchvision', std: [1, 0, 1] }, 'BAD_PRESET', /torchvision/],
    ['size 0', { base: 'torchvision', crop: [0, 224] }, 'BAD_PRESET', /torchvision/],
    ['size 5000', { base: 'torchvision', resize: 5000 }, 'BAD_PRESET', /torchvision/],
    ['non-integer size', { base: 'torchvision', resize: 25.5 }, 'BAD_PRESET', /torchvision/],
    ['bad layout', { base: 'torchvision', layout: 'CHW' }, 'BAD_PRESET', /torchvision/],
    ['typo field', { base: 'torchvision', cropSize: 224 }, 'BAD_PRESET', /torchvision/],
  ];
  it.each(cases)('%s → %s', async (_, spec, code, hint) => {
    const error = await resolvePreset(spec as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as { hint: string }).hint).toMatch(hint);
  });

  it('names the offending field in the message', async () => {
    await expect(resolvePreset({ base: 'torchvision', cropSize: 224 } as never)).rejects.toThrow(/cropSize/);
    await expect(resolvePreset({ base: 'torchvision', std: [1, 0, 1] })).rejects.toThrow(/non-zero/);
  });

  it('reports missing and malformed files', async () => {
    await expect(resolvePreset(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(resolvePreset(jsonFile('bad.json', '{ nope'))).rejects.toMatchObject({ code: 'BAD_PRESET' });
    await expect(resolvePreset(jsonFile('arr.json', '[1, 2]'))).rejects.toMatchObject({ code: 'BAD_PRESET' });
  });
});
