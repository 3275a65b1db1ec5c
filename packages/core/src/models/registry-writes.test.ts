/**
 * Issue 19 items 5 and 7: parallel registry writes keep every entry, `force` never replaces a
 * built-in model, labels must match the outputs, and registry errors name the field.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import type { SnowblindError } from '../errors.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const TINY = fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url));
const TINY_PRESET = { base: 'torchvision', resize: null, crop: [8, 8] };

/** The built-in entry of the tiny ONNX model (absolute path: the registry files move around). */
const entry: Record<string, unknown> = {
  id: 'builtin-tiny',
  format: 'onnx',
  path: TINY,
  preset: TINY_PRESET,
  sha256: createHash('sha256').update(readFileSync(TINY)).digest('hex'),
  default: true,
};
let dir: string;
let builtinPath: string;
let cases = 0;

/** A fresh user registry folder. */
const newHome = () => join(dir, `home-${cases++}`);

/** The ids of the user models in `home`, sorted, as a registry opened afresh reads them. */
async function userIds(home: string): Promise<string[]> {
  const reopened = await ModelRegistry.open({ home, builtinPath });
  return reopened
    .list()
    .filter((e) => e.source === 'user')
    .map((e) => e.id)
    .sort();
}

/** The built-in registry file holding `models`. */
async function builtinWith(models: unknown[]): Promise<string> {
  const path = join(dir, `builtin-${cases++}.json`);
  await writeFile(path, JSON.stringify({ version: 1, models }));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snowblind-registry-writes-'));
  builtinPath = await builtinWith([entry]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('registry writes', () => {
  it('10 parallel adds through one registry keep all 10 entries', async () => {
    const home = newHome();
    const registry = await ModelRegistry.open({ home, builtinPath });
    const ids = Array.from({ length: 10 }, (_, i) => `same-${i}`);
    await Promise.all(ids.map((id) => registry.add({ path: TINY, id, preset: TINY_PRESET })));
    expect(registry.list().map((e) => e.id)).toEqual(expect.arrayContaining(ids));
    expect(await userIds(home)).toEqual(ids.sort());
  });

  it('10 parallel adds through separate registries (as separate processes do) keep all 10', async () => {
    const home = newHome();
    const ids = Array.from({ length: 10 }, (_, i) => `own-${i}`);
    const registries = await Promise.all(ids.map(() => ModelRegistry.open({ home, builtinPath })));
    await Promise.all(registries.map((r, i) => r.add({ path: TINY, id: ids[i]!, preset: TINY_PRESET })));
    expect(await userIds(home)).toEqual(ids.sort());
    // No lock or temporary file is left behind.
    expect((await readdir(home)).sort()).toEqual(['registry.json']);
  });

  it('parallel adds of one id without force: exactly one wins, the others are REGISTRY_ERROR', async () => {
    const home = newHome();
    const registries = await Promise.all([0, 1, 2, 3].map(() => ModelRegistry.open({ home, builtinPath })));
    const results = await Promise.allSettled(
      registries.map((r, i) =>
        r.add({ path: TINY, id: 'contested', preset: TINY_PRESET, description: `${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(((r as PromiseRejectedResult).reason as SnowblindError).code).toBe('REGISTRY_ERROR');
    }
  });

  it('a lock left by a killed writer is taken over once stale', async () => {
    const home = newHome();
    await mkdir(join(home, 'registry.json.lock'), { recursive: true });
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(join(home, 'registry.json.lock'), minuteAgo, minuteAgo);
    const registry = await ModelRegistry.open({ home, builtinPath });
    await registry.add({ path: TINY, id: 'after-crash', preset: TINY_PRESET });
    expect((await ModelRegistry.open({ home, builtinPath })).get('after-crash')?.source).toBe('user');
    expect((await readdir(home)).sort()).toEqual(['registry.json']);
  });

  it('force never replaces or shadows a built-in model, and the default model stays', async () => {
    const home = newHome();
    const registry = await ModelRegistry.open({ home, builtinPath });
    const error = await errorOf(
      registry.add({ path: TINY, id: 'builtin-tiny', preset: TINY_PRESET, description: 'mine', force: true }),
    );
    expect(error.code).toBe('REGISTRY_ERROR');
    expect(error.message).toMatch(/built-in/);
    expect(error.hint).toMatch(/another id/);
    expect(registry.get('builtin-tiny')?.source).toBe('builtin');
    expect(registry.defaultId()).toBe('builtin-tiny');
  });

  it('a hand-written user entry with a built-in id does not shadow the built-in model', async () => {
    const home = newHome();
    await mkdir(home, { recursive: true });
    const mine = { ...entry, description: 'shadow', default: false };
    await writeFile(join(home, 'registry.json'), JSON.stringify({ version: 1, models: [mine] }));
    const registry = await ModelRegistry.open({ home, builtinPath });
    expect(registry.get('builtin-tiny')?.source).toBe('builtin');
    expect(registry.list().map((e) => e.id)).toEqual(['builtin-tiny']);
  });
});

describe('labels meet the model when it is added', () => {
  it('a labels count other than the outputs is BAD_LABELS naming both counts', async () => {
    const registry = await ModelRegistry.open({ home: newHome(), builtinPath });
    const error = await errorOf(
      registry.add({ path: TINY, id: 'few', preset: TINY_PRESET, labels: ['a', 'b'] }),
    );
    expect(error.code).toBe('BAD_LABELS');
    expect(error.message).toMatch(/5 outputs but 2 labels/);
    const file = join(dir, 'six-labels.txt');
    await writeFile(file, 'a\nb\nc\nd\ne\nf\n');
    const six = await errorOf(registry.add({ path: TINY, id: 'six', preset: TINY_PRESET, labels: file }));
    expect(six.message).toMatch(/5 outputs but 6 labels/);
    expect(registry.get('few')).toBeUndefined();
  });
});

describe('registry validation names the field', () => {
  it.each([
    ['a bad format', [entry, { ...entry, id: 'b', format: 'pt' }], /models\[1\]\.format: /],
    ['a bad sha256', [{ ...entry, sha256: 'zz' }], /models\[0\]\.sha256: expected 64 hex digits/],
    ['labels of the wrong type', [{ ...entry, labels: 3 }], /models\[0\]\.labels: expected a labels file/],
    ['a missing path', [{ ...entry, path: undefined }], /models\[0\]\.path: /],
    [
      'a preset mean of the wrong length',
      [entry, entry, entry, { ...entry, id: 'd', preset: { base: 'torchvision', mean: [0.5, 0.5] } }],
      /models\[3\]\.preset: mean has 2 values but the model input has 3 channel/,
    ],
    [
      'an unknown preset name',
      [{ ...entry, preset: 'torchvison' }],
      /models\[0\]\.preset: unknown preset "torchvison"/,
    ],
  ])('%s', async (_name, models, message) => {
    const path = await builtinWith(models);
    const error = await errorOf(ModelRegistry.open({ home: newHome(), builtinPath: path }));
    expect(error.code).toBe('REGISTRY_ERROR');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(message);
  });

  it('a bare array of entries is read like { models: [...] }, with the same paths in errors', async () => {
    const path = join(dir, 'bare.json');
    await writeFile(path, JSON.stringify([entry, { ...entry, format: 'pt' }]));
    const error = await errorOf(ModelRegistry.open({ home: newHome(), builtinPath: path }));
    expect(error.message).toMatch(/models\[1\]\.format: /);
    await writeFile(path, JSON.stringify([entry]));
    expect((await ModelRegistry.open({ home: newHome(), builtinPath: path })).list()).toHaveLength(1);
  });
});

describe('sidecar manifest validation names the field', () => {
  it('a wrong outputKind and labels type are BAD_MODEL naming both fields on one line', async () => {
    const folder = join(dir, 'manifest-fields');
    await mkdir(folder);
    await writeFile(join(folder, 'tiny.onnx'), readFileSync(TINY));
    await writeFile(join(folder, 'tiny.snowblind.json'), JSON.stringify({ outputKind: 'odds', labels: 3 }));
    const registry = await ModelRegistry.open({ home: newHome(), builtinPath: null });
    const error = await errorOf(loadModel(join(folder, 'tiny.onnx'), { registry, preset: TINY_PRESET }));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toMatch(/invalid: labels: .+; outputKind: Invalid option/);
    expect(error.message).not.toContain('\n');
  });
});
