import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const registry = await ModelRegistry.open({ home: mkdtempSync(join(tmpdir(), 'snowblind-home-')) });
const path = (id: string) => registry.get(id)!.path;

describe('a registered model loaded by its path gets its registry preset and labels', () => {
  it.each([
    ['fmnist-cnn-oe', 'model.json', 'fashion-mnist', 'T-shirt/top'],
    ['squeezenet1.1', 'the .onnx file', 'caffe-bgr', 'tench, Tinca tinca'],
  ])('%s by %s', async (id, _what, preset, label) => {
    const model = await loadModel(path(id), { registry });
    try {
      expect(model).toMatchObject({ id, preset: { name: preset } });
      expect(model.labels[0]).toBe(label);
    } finally {
      await model.dispose();
    }
  });

  it('by its folder and through a symlink; explicit options still win', async () => {
    const link = join(mkdtempSync(join(tmpdir(), 'snowblind-link-')), 'oe');
    symlinkSync(join(path('fmnist-cnn-oe'), '..'), link);
    const model = await loadModel(link, { registry, labels: Array.from({ length: 10 }, (_, i) => `c${i}`) });
    try {
      expect(model).toMatchObject({ id: 'fmnist-cnn-oe', preset: { name: 'fashion-mnist' } });
      expect(model.labels[0]).toBe('c0');
    } finally {
      await model.dispose();
    }
  });

  it('a copy elsewhere is not the registered model: defaults apply as before', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'snowblind-copy-')), 'squeezenet.onnx');
    cpSync(path('squeezenet1.1'), copy);
    const model = await loadModel(copy, { registry });
    try {
      expect(model).toMatchObject({ id: 'squeezenet', preset: { name: 'torchvision' } });
      expect(model.labels[0]).toBe('class 0');
    } finally {
      await model.dispose();
    }
  });
});
