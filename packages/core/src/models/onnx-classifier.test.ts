import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/models/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const TINY_PRESET = { base: 'torchvision', resize: null, crop: [8, 8] as [number, number] };

interface Expected {
  input: { shape: number[] };
  logits: number[];
  probabilities: number[];
  fp16Logits: number[];
}
let expected: Expected;
let input: Float32Array;
let dir: string;
let registry: ModelRegistry;

beforeAll(async () => {
  expected = JSON.parse(await readFile(fixture('tiny-expected.json'), 'utf8')) as Expected;
  const size = expected.input.shape.reduce((a, b) => a * b, 1);
  // Same formula as tools/fixtures/onnx_tiny.py, evaluated in float64 then rounded like torch.tensor.
  input = Float32Array.from({ length: size }, (_, i) => Math.sin(0.37 * i) * 1.5);
  dir = await mkdtemp(join(tmpdir(), 'snowblind-onnx-'));
  registry = await ModelRegistry.open({ home: join(dir, 'home'), builtinPath: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectClose(actual: Float32Array, want: number[], tol: number): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(actual[i]! - want[i]!)).toBeLessThanOrEqual(tol);
}

describe('ONNX classifier', () => {
  it('matches PyTorch on the tiny float32 model (1e-5), dynamic batch, logits', async () => {
    const model = await loadModel(fixture('tiny.onnx'), { preset: TINY_PRESET, registry });
    expect(model.format).toBe('onnx');
    expect(model.backend).toBe('onnx');
    expect(model.numClasses).toBe(5);
    expect(model.inputChannels).toBe(3);
    expect(model.outputKind).toBe('logits');
    expect(model.labels).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    expect(model.id).toBe('tiny');
    expectClose(await model.predict(input, 3), expected.logits, 1e-5);
    await model.dispose();
  });

  it('spinWait: false (threads sleep between operators) gives the same logits', async () => {
    const model = await loadModel(fixture('tiny.onnx'), { preset: TINY_PRESET, registry, spinWait: false });
    expectClose(await model.predict(input, 3), expected.logits, 1e-5);
    await model.dispose();
  });

  it('detects a final Softmax node as probabilities', async () => {
    const model = await loadModel(fixture('tiny-softmax.onnx'), { preset: TINY_PRESET, registry });
    expect(model.outputKind).toBe('probabilities');
    expectClose(await model.predict(input, 3), expected.probabilities, 1e-5);
    await model.dispose();
  });

  it('explicit outputKind wins over detection', async () => {
    const model = await loadModel(fixture('tiny-softmax.onnx'), {
      preset: TINY_PRESET,
      registry,
      outputKind: 'logits',
    });
    expect(model.outputKind).toBe('logits');
    await model.dispose();
  });

  it('float16 input/output with a fixed batch of 1 runs a batch of 3 image by image', async () => {
    const model = await loadModel(fixture('tiny-fp16io.onnx'), { preset: TINY_PRESET, registry });
    expect(model.numClasses).toBe(5);
    const out = await model.predict(input, 3);
    // Half precision output: ~3 significant digits.
    expectClose(out, expected.fp16Logits, 1e-3);
    const one = await model.predict(input.subarray(192, 384), 1);
    expect(Array.from(one)).toEqual(Array.from(out.subarray(5, 10)));
    await model.dispose();
  });

  it('reads a sidecar manifest; explicit options win over it', async () => {
    const onnx = join(dir, 'tiny.onnx');
    await copyFile(fixture('tiny.onnx'), onnx);
    await writeFile(join(dir, 'labels.txt'), 'a\nb\nc\nd\ne\n');
    await writeFile(
      join(dir, 'tiny.snowblind.json'),
      JSON.stringify({ labels: 'labels.txt', preset: TINY_PRESET, id: 'tiny-from-manifest' }),
    );
    const model = await loadModel(onnx, { registry });
    expect(model.labels).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(model.id).toBe('tiny-from-manifest');
    expect(model.preset.crop).toEqual([8, 8]);
    await model.dispose();
    const other = await loadModel(dir, { registry, labels: ['v', 'w', 'x', 'y', 'z'], id: 'x' });
    expect(other.labels).toEqual(['v', 'w', 'x', 'y', 'z']);
    expect(other.id).toBe('x');
    await other.dispose();
  });

  it('preset disagreements are SHAPE_MISMATCH with a clear message', async () => {
    const crop = await errorOf(loadModel(fixture('tiny.onnx'), { registry }));
    expect(crop.code).toBe('SHAPE_MISMATCH');
    expect(crop.message).toMatch(/crops 224×224 where the model wants 8×8/);
    const layout = await errorOf(
      loadModel(fixture('tiny.onnx'), { registry, preset: { ...TINY_PRESET, layout: 'NHWC' } }),
    );
    expect(layout.code).toBe('SHAPE_MISMATCH');
    expect(layout.hint).toMatch(/layout NCHW/);
    const channels = await errorOf(
      loadModel(fixture('tiny.onnx'), {
        registry,
        preset: { ...TINY_PRESET, grayscale: true, mean: [0.5], std: [0.5] },
      }),
    );
    expect(channels.code).toBe('SHAPE_MISMATCH');
    expect(channels.message).toMatch(/1 channel/);
  });

  it('a wrong batch length, too many or too few labels, a TF.js backend are coded errors', async () => {
    const model = await loadModel(fixture('tiny.onnx'), { preset: TINY_PRESET, registry });
    await expect(model.predict(new Float32Array(10), 1)).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await model.dispose();
    const labels = await errorOf(
      loadModel(fixture('tiny.onnx'), {
        preset: TINY_PRESET,
        registry,
        labels: ['a', 'b', 'c', 'd', 'e', 'f'],
      }),
    );
    expect(labels.code).toBe('BAD_LABELS');
    const few = await errorOf(
      loadModel(fixture('tiny.onnx'), { preset: TINY_PRESET, registry, labels: ['a', 'b'] }),
    );
    expect(few.code).toBe('BAD_LABELS');
    expect(few.message).toMatch(/has 5 outputs but 2 labels/);
    const backend = await errorOf(
      loadModel(fixture('tiny.onnx'), { preset: TINY_PRESET, registry, backend: 'wasm' }),
    );
    expect(backend.code).toBe('BACKEND_UNAVAILABLE');
  });

  it('unknown refs are MODEL_NOT_FOUND listing known ids; bad files BAD_MODEL', async () => {
    const unknown = await errorOf(loadModel('no-such-model', { registry }));
    expect(unknown.code).toBe('MODEL_NOT_FOUND');
    expect(unknown.hint).toMatch(/no models are registered|known model ids/);
    expect((await errorOf(loadModel(join(dir, 'missing.onnx'), { registry }))).code).toBe('MODEL_NOT_FOUND');
    const junk = join(dir, 'junk.onnx');
    await writeFile(junk, 'not a model');
    expect((await errorOf(loadModel(junk, { registry }))).code).toBe('BAD_MODEL');
    await writeFile(join(dir, 'weights.txt'), 'x');
    expect((await errorOf(loadModel(join(dir, 'weights.txt'), { registry }))).code).toBe('BAD_MODEL');
  });
});
