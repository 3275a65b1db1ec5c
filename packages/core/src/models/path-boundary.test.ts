/**
 * Issue 19 item 1: no path a model, manifest or registry names may make snowblind read a file
 * outside that model's (or registry's) folder — the arbitrary file read through TF.js weight
 * paths, ONNX external data, sidecar manifests and registry entries.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { NHWC8_PRESET, saveToDisk, tinyConv } from '../../test/tiny-models.js';
import type { SnowblindError } from '../errors.js';
import { parseOnnxModel, serializeOnnxModel } from '../onnx/index.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const TINY_ONNX = fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url));
const TINY_PRESET = { base: 'torchvision', resize: null, crop: [8, 8] };
/** A size no message may show: the secret's. */
const SECRET_SIZE = 12_345;

let dir: string;
let secret: string;
let registry: ModelRegistry;

/**
 * Asserts a refusal that tells nothing about the file outside: no size, no content, no server
 * path other than the one the model itself wrote (`written`).
 */
function expectRefused(error: SnowblindError, written?: string): void {
  expect(error.code).toBe('PATH_OUTSIDE_ROOT');
  const message = written ? error.message.replace(JSON.stringify(written), '"…"') : error.message;
  expect(message).not.toContain(String(SECRET_SIZE));
  expect(message).not.toContain(join(dir, 'outside'));
  expect(message).not.toContain('secret bytes');
}

/** A copy of the tiny TF.js model in `name/` whose manifest names `paths` as its weights. */
async function tfjsWithWeights(name: string, paths: string[]): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const json = JSON.parse(await readFile(join(dir, 'good', 'model.json'), 'utf8'));
  json.weightsManifest[0].paths = paths;
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  return folder;
}

/** The tiny ONNX model with its first initializer moved to the external file `location`. */
async function onnxWithExternalData(
  name: string,
  location: string,
  write = true,
  extra: { key: string; value: string }[] = [],
): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const model = parseOnnxModel(await readFile(TINY_ONNX));
  const tensor = model.graph.initializer![0]!;
  if (write) await writeFile(join(folder, location), tensor.rawData!);
  tensor.externalData = [{ key: 'location', value: location }, ...extra];
  tensor.dataLocation = 1;
  delete tensor.rawData;
  await writeFile(join(folder, 'model.onnx'), serializeOnnxModel(model));
  return join(folder, 'model.onnx');
}

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'snowblind-boundary-')));
  const original = tinyConv(false);
  await saveToDisk(original, join(dir, 'good'));
  original.dispose();
  await mkdir(join(dir, 'outside'));
  secret = join(dir, 'outside', 'secret.bin');
  await writeFile(secret, Buffer.alloc(SECRET_SIZE, 'secret bytes '));
  registry = await ModelRegistry.open({ home: join(dir, 'home'), builtinPath: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TF.js weight paths stay in the model folder', () => {
  it.each([
    ['a ../ path', () => ['../outside/secret.bin']],
    ['a deep ../../ path', () => [`../../../../../../..${secret}`]],
    ['an absolute path', () => [secret]],
  ])('%s is PATH_OUTSIDE_ROOT, with neither the size nor the path of the file', async (name, paths) => {
    const folder = await tfjsWithWeights(`weights-${name.replace(/\W/g, '')}`, paths());
    const error = await errorOf(loadModel(folder, { registry, preset: NHWC8_PRESET, backend: 'cpu' }));
    expectRefused(error, paths()[0]);
  });

  it('a weight file that is a symlink to a file outside is PATH_OUTSIDE_ROOT', async () => {
    const folder = await tfjsWithWeights('weights-symlink', ['weights.bin']);
    await symlink(secret, join(folder, 'weights.bin'));
    expectRefused(await errorOf(loadModel(folder, { registry, preset: NHWC8_PRESET, backend: 'cpu' })));
  });

  it('a weight file inside with the wrong size still says both sizes', async () => {
    const folder = await tfjsWithWeights('weights-short', ['weights.bin']);
    await writeFile(join(folder, 'weights.bin'), new Uint8Array(10));
    const error = await errorOf(loadModel(folder, { registry, preset: NHWC8_PRESET, backend: 'cpu' }));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toMatch(/has 10 bytes, its shapes need \d+/);
  });
});

describe('sidecar manifests and registries name files in their own folder', () => {
  it('manifest labels or preset outside the model folder are PATH_OUTSIDE_ROOT', async () => {
    for (const field of ['labels', 'preset'] as const) {
      const folder = join(dir, `manifest-${field}`);
      await mkdir(folder);
      await copyFile(join(dir, 'good', 'model.json'), join(folder, 'model.json'));
      await copyFile(join(dir, 'good', 'weights.bin'), join(folder, 'weights.bin'));
      const value = field === 'labels' ? '../outside/secret.bin' : '../outside/preset.json';
      await writeFile(join(folder, 'snowblind.json'), JSON.stringify({ [field]: value }));
      expectRefused(await errorOf(loadModel(folder, { registry, backend: 'cpu' })));
    }
  });

  it('a sidecar manifest, or the model file of a folder, that is a symlink out is refused, never parsed', async () => {
    const notJson = join(dir, 'outside', 'passwd');
    await writeFile(notJson, 'root:x:0:0:root:/root:/bin/bash\n');
    const sidecar = join(dir, 'sidecar-link');
    await mkdir(sidecar);
    await copyFile(join(dir, 'good', 'model.json'), join(sidecar, 'model.json'));
    await copyFile(join(dir, 'good', 'weights.bin'), join(sidecar, 'weights.bin'));
    await symlink(notJson, join(sidecar, 'snowblind.json'));
    const viaSidecar = await errorOf(loadModel(sidecar, { registry, backend: 'cpu' }));
    expectRefused(viaSidecar);
    expect(viaSidecar.message).not.toContain('root:x');
    const folder = join(dir, 'model-link');
    await mkdir(folder);
    await symlink(notJson, join(folder, 'model.json'));
    const viaFolder = await errorOf(loadModel(folder, { registry, backend: 'cpu' }));
    expectRefused(viaFolder);
    expect(viaFolder.message).not.toContain('root:x');
  });

  it('a registry entry whose path, labels or hashed file leaves the registry folder is refused', async () => {
    const root = join(dir, 'root');
    await mkdir(join(root, 'tiny'), { recursive: true });
    await copyFile(TINY_ONNX, join(root, 'tiny', 'tiny.onnx'));
    const sha = createHash('sha256')
      .update(await readFile(TINY_ONNX))
      .digest('hex');
    const entry = { id: 'evil', format: 'onnx', path: 'tiny/tiny.onnx', preset: TINY_PRESET, sha256: sha };
    const builtinPath = join(root, 'registry.json');
    const home = join(dir, 'home-registry');
    for (const bad of [{ path: '../outside/secret.bin' }, { labels: '../outside/secret.bin' }]) {
      await writeFile(builtinPath, JSON.stringify({ version: 1, models: [{ ...entry, ...bad }] }));
      const error = await errorOf(ModelRegistry.open({ home, builtinPath }));
      expectRefused(error);
      expect(error.message).toContain('model "evil"');
    }
    // The sha256 map is read relative to the model's folder: a key may not leave it either.
    const hashes = { 'tiny.onnx': sha, '../../outside/secret.bin': sha };
    await writeFile(builtinPath, JSON.stringify({ version: 1, models: [{ ...entry, sha256: hashes }] }));
    const opened = await ModelRegistry.open({ home, builtinPath });
    const error = await errorOf(loadModel('evil', { registry: opened }));
    expectRefused(error);
    expect(error.message).not.toMatch(/sha256 [0-9a-f]{16}/);
  });
});

describe('ONNX external data is read from the model folder only', () => {
  it('external data beside the model is inlined and predicts like the original', async () => {
    const input = Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => Math.sin(0.37 * i) * 1.5);
    const original = await loadModel(TINY_ONNX, { registry, preset: TINY_PRESET });
    const external = await loadModel(await onnxWithExternalData('ext-ok', 'conv.weight.data'), {
      registry,
      preset: TINY_PRESET,
    });
    expect(Array.from(await external.predict(input, 1))).toEqual(
      Array.from(await original.predict(input, 1)),
    );
    await original.dispose();
    await external.dispose();
  });

  it('an external data path leaving the folder, or a symlink out, is PATH_OUTSIDE_ROOT', async () => {
    const parent = await onnxWithExternalData('ext-parent', '../outside/secret.bin', false);
    expectRefused(await errorOf(loadModel(parent, { registry, preset: TINY_PRESET })));
    const linked = await onnxWithExternalData('ext-link', 'w.data', false);
    await symlink(secret, join(dir, 'ext-link', 'w.data'));
    expectRefused(await errorOf(loadModel(linked, { registry, preset: TINY_PRESET })));
    // Registering reads the model too (input shape): same refusal, nothing written.
    expectRefused(await errorOf(registry.add({ path: linked, id: 'ext-link', preset: TINY_PRESET })));
    expect(registry.get('ext-link')).toBeUndefined();
  });

  it('external data reused past its file size, or a range outside the file, is BAD_MODEL', async () => {
    // Every initializer names the whole .onnx file itself: inlined as given, one upload would
    // grow by its own size once per tensor.
    const folder = join(dir, 'ext-self');
    await mkdir(folder);
    const model = parseOnnxModel(await readFile(TINY_ONNX));
    for (const tensor of model.graph.initializer!) {
      tensor.externalData = [{ key: 'location', value: 'model.onnx' }];
      tensor.dataLocation = 1;
      delete tensor.rawData;
    }
    await writeFile(join(folder, 'model.onnx'), serializeOnnxModel(model));
    const reused = await errorOf(loadModel(join(folder, 'model.onnx'), { registry, preset: TINY_PRESET }));
    expect(reused.code).toBe('BAD_MODEL');
    expect(reused.message).toMatch(/claimed by more tensor bytes than they hold/);
    for (const offset of ['-1', '1e12', 'x']) {
      const path = await onnxWithExternalData(`ext-offset${offset}`, 'w.data', true, [
        { key: 'offset', value: offset },
      ]);
      const error = await errorOf(loadModel(path, { registry, preset: TINY_PRESET }));
      expect(error.code, offset).toBe('BAD_MODEL');
      expect(error.message).toMatch(/offset and length do not lie within "w.data"/);
    }
  });

  it('a missing external file is looked for in the model folder, not the working directory', async () => {
    const missing = await onnxWithExternalData('ext-missing', 'package.json', false);
    const error = await errorOf(loadModel(missing, { registry, preset: TINY_PRESET }));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).not.toContain(dir);
    // The same behind an unknown protobuf group (field 99), which onnxruntime skips: a file
    // that cannot be scanned is parsed in full, never handed over as it is.
    const grouped = join(dir, 'ext-missing', 'grouped.onnx');
    await writeFile(grouped, Buffer.concat([Buffer.from([0x9b, 0x06, 0x9c, 0x06]), await readFile(missing)]));
    expect((await errorOf(loadModel(grouped, { registry, preset: TINY_PRESET }))).code).toBe(
      'FILE_NOT_FOUND',
    );
  });
});
