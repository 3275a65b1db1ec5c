import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const TINY = fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url));
const TINY_PRESET = { base: 'torchvision', resize: null, crop: [8, 8] };
const root = await mkdtemp(join(tmpdir(), 'snowblind-registry-'));
let dir: string;
let home: string;
let builtinPath: string;
let count = 0;

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

beforeEach(async () => {
  dir = join(root, `case-${count++}`);
  home = join(dir, 'home');
  await mkdir(join(dir, 'models', 'tiny'), { recursive: true });
  await copyFile(TINY, join(dir, 'models', 'tiny', 'tiny.onnx'));
  await writeFile(join(dir, 'models', 'tiny', 'labels.txt'), 'zero\none\ntwo\nthree\nfour\n');
  builtinPath = join(dir, 'models', 'registry.json');
  await writeFile(
    builtinPath,
    JSON.stringify({
      version: 1,
      models: [
        {
          id: 'builtin-tiny',
          format: 'onnx',
          path: 'tiny/tiny.onnx',
          labels: 'tiny/labels.txt',
          preset: TINY_PRESET,
          inputShape: [null, 3, 8, 8],
          license: 'MIT',
          sha256: await sha(TINY),
          description: 'tiny test net',
          default: true,
        },
      ],
    }),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ModelRegistry', () => {
  it('lists built-in entries with absolute paths and loads them by id', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    expect(registry.list().map((e) => [e.id, e.source])).toEqual([['builtin-tiny', 'builtin']]);
    expect(registry.defaultId()).toBe('builtin-tiny');
    const entry = registry.get('builtin-tiny')!;
    expect(entry.path).toBe(join(dir, 'models', 'tiny', 'tiny.onnx'));
    expect(entry.labels).toBe(join(dir, 'models', 'tiny', 'labels.txt'));
    const model = await loadModel('builtin-tiny', { registry });
    expect(model.id).toBe('builtin-tiny');
    expect(model.labels).toEqual(['zero', 'one', 'two', 'three', 'four']);
    await model.dispose();
  });

  it('finds the built-in registry through SNOWBLIND_MODELS and the user one through SNOWBLIND_HOME', async () => {
    const saved = [process.env['SNOWBLIND_MODELS'], process.env['SNOWBLIND_HOME']];
    process.env['SNOWBLIND_MODELS'] = join(dir, 'models');
    process.env['SNOWBLIND_HOME'] = home;
    try {
      const registry = await ModelRegistry.open();
      expect(registry.builtinPath).toBe(builtinPath);
      expect(registry.userPath).toBe(join(home, 'registry.json'));
    } finally {
      for (const [k, v] of [
        ['SNOWBLIND_MODELS', saved[0]],
        ['SNOWBLIND_HOME', saved[1]],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('add / get / list / remove user entries, persisted atomically', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    const labels = join(dir, 'models', 'tiny', 'labels.txt');
    const entry = await registry.add({
      path: join(dir, 'models', 'tiny'),
      id: 'mine',
      preset: TINY_PRESET,
      labels,
    });
    expect(entry).toMatchObject({
      id: 'mine',
      format: 'onnx',
      source: 'user',
      path: join(dir, 'models', 'tiny', 'tiny.onnx'),
      inputShape: [null, 3, 8, 8],
      sha256: await sha(TINY),
      labels,
    });
    const reopened = await ModelRegistry.open({ home, builtinPath });
    expect(reopened.list().map((e) => e.id)).toEqual(['builtin-tiny', 'mine']);
    expect(reopened.get('mine')?.source).toBe('user');
    expect((await readdir(home)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const model = await loadModel('mine', { registry: reopened });
    expect(model.labels[4]).toBe('four');
    await model.dispose();
    await reopened.remove('mine');
    expect((await ModelRegistry.open({ home, builtinPath })).get('mine')).toBeUndefined();
  });

  it('refuses duplicate ids unless force, and rejects bad ids', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    await registry.add({ path: TINY, id: 'dup', preset: TINY_PRESET });
    expect((await errorOf(registry.add({ path: TINY, id: 'dup' }))).code).toBe('REGISTRY_ERROR');
    expect((await errorOf(registry.add({ path: TINY, id: 'builtin-tiny' }))).code).toBe('REGISTRY_ERROR');
    const replaced = await registry.add({ path: TINY, id: 'dup', description: 'again', force: true });
    expect(replaced.description).toBe('again');
    expect(registry.list().filter((e) => e.id === 'dup')).toHaveLength(1);
    expect((await errorOf(registry.add({ path: TINY, id: '../evil' }))).code).toBe('REGISTRY_ERROR');
  });

  it('removing a built-in or unknown id is a coded error with a hint', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    const builtin = await errorOf(registry.remove('builtin-tiny'));
    expect(builtin.code).toBe('REGISTRY_ERROR');
    expect(builtin.hint).toMatch(/built-in/);
    expect((await errorOf(registry.remove('nope'))).code).toBe('MODEL_NOT_FOUND');
  });

  it('a corrupt registry is REGISTRY_ERROR naming its path, never reset', async () => {
    await mkdir(home, { recursive: true });
    const userPath = join(home, 'registry.json');
    await writeFile(userPath, '{ "models": [ ');
    const corrupt = await errorOf(ModelRegistry.open({ home, builtinPath }));
    expect(corrupt.code).toBe('REGISTRY_ERROR');
    expect(corrupt.message).toContain(userPath);
    await writeFile(userPath, JSON.stringify({ models: [{ id: 'x', format: 'onnx' }] }));
    expect((await errorOf(ModelRegistry.open({ home, builtinPath }))).message).toContain(userPath);
    await writeFile(builtinPath, 'nope');
    expect((await errorOf(ModelRegistry.open({ home: join(dir, 'other'), builtinPath }))).message).toContain(
      builtinPath,
    );
    expect(await readFile(userPath, 'utf8')).toContain('"x"');
  });

  it('a failed add leaves the registry file byte-identical', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    await registry.add({ path: TINY, id: 'keep', preset: TINY_PRESET });
    const userPath = join(home, 'registry.json');
    const before = await readFile(userPath, 'utf8');
    expect((await errorOf(registry.add({ path: join(dir, 'missing.onnx'), id: 'gone' }))).code).toBe(
      'FILE_NOT_FOUND',
    );
    const junk = join(dir, 'junk.onnx');
    await writeFile(junk, 'junk');
    expect((await errorOf(registry.add({ path: junk, id: 'junk' }))).code).toBe('BAD_MODEL');
    expect(
      (await errorOf(registry.add({ path: TINY, id: 'nolabels', labels: join(dir, 'no.txt') }))).code,
    ).toBe('FILE_NOT_FOUND');
    expect((await errorOf(registry.add({ path: TINY, id: 'badpreset', preset: 'torchvision' }))).code).toBe(
      'SHAPE_MISMATCH',
    );
    expect(await readFile(userPath, 'utf8')).toBe(before);
  });

  it('a built-in entry whose file changed is HASH_MISMATCH on load', async () => {
    await writeFile(
      builtinPath,
      (await readFile(builtinPath, 'utf8')).replace(/"sha256":"[0-9a-f]+"/, `"sha256":"${'0'.repeat(64)}"`),
    );
    const registry = await ModelRegistry.open({ home, builtinPath });
    const error = await errorOf(loadModel('builtin-tiny', { registry }));
    expect(error.code).toBe('HASH_MISMATCH');
    expect(error.hint).toMatch(/restore/);
  });

  it('checks every file of a multi-file sha256 map (model + labels), relative to the model folder', async () => {
    const labels = join(dir, 'models', 'tiny', 'labels.txt');
    const hashes = { 'tiny.onnx': await sha(TINY), 'labels.txt': await sha(labels) };
    const stored = JSON.parse(await readFile(builtinPath, 'utf8'));
    stored.models[0].sha256 = hashes;
    await writeFile(builtinPath, JSON.stringify(stored));
    const registry = await ModelRegistry.open({ home, builtinPath });
    const model = await loadModel('builtin-tiny', { registry });
    await model.dispose();
    await writeFile(labels, 'zero\none\ntwo\nthree\nFOUR\n');
    const error = await errorOf(loadModel('builtin-tiny', { registry }));
    expect(error.code).toBe('HASH_MISMATCH');
    expect(error.message).toContain('labels.txt');
  });

  it('an entry whose file is gone is FILE_NOT_FOUND; unknown ids list the known ones', async () => {
    const registry = await ModelRegistry.open({ home, builtinPath });
    await rm(join(dir, 'models', 'tiny', 'tiny.onnx'));
    expect((await errorOf(loadModel('builtin-tiny', { registry }))).code).toBe('FILE_NOT_FOUND');
    const unknown = await errorOf(loadModel('resnet', { registry }));
    expect(unknown.code).toBe('MODEL_NOT_FOUND');
    expect(unknown.hint).toContain('builtin-tiny');
  });
});
