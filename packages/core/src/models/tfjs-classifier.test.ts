import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { NHWC8_PRESET, saveToDisk, tinyConv } from '../../test/tiny-models.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';
import { readTfjsFromDisk } from './tfjs-from-disk.js';

const NHWC8 = NHWC8_PRESET;
let dir: string;
let registry: ModelRegistry;

const input = Float32Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => Math.cos(0.3 * i));

async function reference(model: tf.LayersModel): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(tf.tensor4d(input, [2, 8, 8, 3])) as tf.Tensor);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snowblind-tfjs-'));
  registry = await ModelRegistry.open({ home: join(dir, 'home'), builtinPath: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TF.js classifier from disk', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`loads a LayersModel saved as model.json + weights.bin and predicts like the original (${backend})`, async () => {
      const original = tinyConv(false);
      const folder = join(dir, `layers-${backend}`);
      await saveToDisk(original, folder);
      const model = await loadModel(folder, { preset: NHWC8, backend, registry });
      expect(model.format).toBe('tfjs-layers');
      expect(model.backend).toBe(backend);
      expect(model.numClasses).toBe(6);
      expect(model.inputChannels).toBe(3);
      expect(model.outputKind).toBe('logits');
      const want = await reference(original);
      original.dispose();
      const got = await model.predict(input, 2);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5);
      // Leak test: a predict call leaves the tensor count unchanged.
      const before = tf.memory().numTensors;
      await model.predict(input, 2);
      expect(tf.memory().numTensors).toBe(before);
      await model.dispose();
      expect(tf.memory().numTensors).toBeLessThan(before);
    });
  }

  it('detects a softmax head and reads snowblind.json in the folder', async () => {
    const original = tinyConv(true);
    const folder = join(dir, 'softmax');
    await saveToDisk(original, folder);
    original.dispose();
    await writeFile(join(folder, 'labels.txt'), 'a\nb\nc\nd\ne\nf\n');
    await writeFile(join(folder, 'snowblind.json'), JSON.stringify({ labels: 'labels.txt', preset: NHWC8 }));
    const model = await loadModel(join(folder, 'model.json'), { registry, backend: 'cpu' });
    expect(model.outputKind).toBe('probabilities');
    expect(model.labels).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    await model.dispose();
  });

  it('NCHW preset on an NHWC model is SHAPE_MISMATCH naming the layout', async () => {
    const original = tinyConv(false);
    const folder = join(dir, 'layout');
    await saveToDisk(original, folder);
    original.dispose();
    const error = await errorOf(
      loadModel(folder, { registry, backend: 'cpu', preset: { ...NHWC8, layout: 'NCHW' } }),
    );
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect(error.hint).toMatch(/NHWC/);
  });

  it('loads a hand-written GraphModel (MatMul → Softmax) and detects probabilities', async () => {
    const folder = join(dir, 'graph');
    await mkdir(folder, { recursive: true });
    const w = Float32Array.from({ length: 2 * 2 * 3 * 4 }, (_, i) => Math.sin(i) * 0.3);
    const shape = Int32Array.from([-1, 12]);
    await writeFile(
      join(folder, 'group1-shard1of1.bin'),
      Buffer.concat([Buffer.from(w.buffer), Buffer.from(shape.buffer)]),
    );
    const dim = (sizes: number[]) => ({ dim: sizes.map((s) => ({ size: String(s) })) });
    const json = {
      format: 'graph-model',
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim([-1, 2, 2, 3]) } },
          },
          {
            name: 'w',
            op: 'Const',
            attr: {
              dtype: { type: 'DT_FLOAT' },
              value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim([12, 4]) } },
            },
          },
          {
            name: 'shape',
            op: 'Const',
            attr: {
              dtype: { type: 'DT_INT32' },
              value: { tensor: { dtype: 'DT_INT32', tensorShape: dim([2]) } },
            },
          },
          { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
          {
            name: 'logits',
            op: 'MatMul',
            input: ['flat', 'w'],
            attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
          },
          { name: 'Identity', op: 'Softmax', input: ['logits'], attr: { T: { type: 'DT_FLOAT' } } },
        ],
        library: {},
        versions: {},
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'w', shape: [12, 4], dtype: 'float32' },
            { name: 'shape', shape: [2], dtype: 'int32' },
          ],
        },
      ],
    };
    await writeFile(join(folder, 'model.json'), JSON.stringify(json));
    const model = await loadModel(folder, { registry, backend: 'cpu', preset: { ...NHWC8, crop: [2, 2] } });
    expect(model.format).toBe('tfjs-graph');
    expect(model.numClasses).toBe(4);
    expect(model.outputKind).toBe('probabilities');
    const x = Float32Array.from({ length: 12 }, (_, i) => i / 12);
    const got = await model.predict(x, 1);
    const logits = [0, 1, 2, 3].map((k) => x.reduce((s, v, i) => s + v * w[i * 4 + k]!, 0));
    const z = logits.map((l) => Math.exp(l));
    const sum = z.reduce((a, b) => a + b, 0);
    for (let k = 0; k < 4; k++) expect(got[k]!).toBeCloseTo(z[k]! / sum, 5);
    await model.dispose();
  });

  it('a missing or short weight file is BAD_MODEL; unknown topology too', async () => {
    const original = tinyConv(false);
    const folder = join(dir, 'broken');
    await saveToDisk(original, folder);
    original.dispose();
    const weights = await readFile(join(folder, 'weights.bin'));
    await writeFile(join(folder, 'weights.bin'), weights.subarray(0, weights.length - 4));
    const short = await errorOf(loadModel(folder, { registry, preset: NHWC8, backend: 'cpu' }));
    expect(short.code).toBe('BAD_MODEL');
    expect(short.message).toMatch(/bytes/);
    await rm(join(folder, 'weights.bin'));
    const missing = await errorOf(loadModel(folder, { registry, preset: NHWC8, backend: 'cpu' }));
    expect(missing.code).toBe('BAD_MODEL');
    expect(missing.message).toMatch(/weights.bin/);
    await writeFile(
      join(folder, 'model.json'),
      JSON.stringify({ modelTopology: { foo: 1 }, weightsManifest: [] }),
    );
    expect((await errorOf(loadModel(folder, { registry, preset: NHWC8 }))).code).toBe('BAD_MODEL');
  });
});

describe.skipIf(missingTestDependency(ZOO, zooMissing))('old-format TF.js manifest (zoo MobileNet)', () => {
  it('reads all 55 weight groups in manifest order as a layers model', async () => {
    const { kind, artifacts } = await readTfjsFromDisk(zooPath('mobilenet-v1-0.75-tfjs/model.json'));
    expect(kind).toBe('layers');
    expect(artifacts.weightSpecs).toHaveLength(137);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(10_457_307 - 49_403);
  });
});
