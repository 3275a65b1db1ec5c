import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { NHWC8_PRESET, saveToDisk, tinyConv } from '../../test/tiny-models.js';
import { auditModelInfo } from '../audit/index.js';
import { setEngineLogger, TF_BACKEND_LADDER } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { loadModel } from './load-model.js';
import { ModelRegistry } from './registry.js';

// The converter refuses one named layer, whatever it is given (or does what a test sets in
// `convert.result`): the fallback must not depend on which layers the real converter supports
// on the day the test runs.
const convert = vi.hoisted(() => ({ calls: 0, result: undefined as (() => unknown) | undefined }));
vi.mock('../convert/index.js', () => ({
  convertTfjsToOnnx: () => {
    convert.calls++;
    if (convert.result) return convert.result();
    throw new SnowblindError('UNSUPPORTED_OP', 'cannot convert layer "odd_1" (OddLayer) to ONNX');
  },
}));

let dir: string;
let folder: string;
let registry: ModelRegistry;
const lines: string[] = [];
let previous: ReturnType<typeof setEngineLogger>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snowblind-engine-'));
  folder = join(dir, 'tiny');
  await saveToDisk(tinyConv(false), folder);
  registry = await ModelRegistry.open({ home: join(dir, 'home'), builtinPath: null });
  previous = setEngineLogger((line) => lines.push(line));
});
afterAll(async () => {
  setEngineLogger(previous);
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  lines.length = 0;
  convert.calls = 0;
  convert.result = undefined;
});

const TFJS_BACKENDS: readonly string[] = TF_BACKEND_LADDER;
const load = (options: Parameters<typeof loadModel>[1] = {}) =>
  loadModel(folder, { preset: NHWC8_PRESET, registry, ...options });

describe('engine choice for TF.js models', () => {
  it('auto: a model that does not convert runs on TF.js, with one line naming the layer', async () => {
    const model = await load();
    try {
      expect(convert.calls).toBe(1);
      expect(model.format).toBe('tfjs-layers');
      expect(TFJS_BACKENDS).toContain(model.backend);
      // The ladder may add its own once-per-process line; the fallback is exactly one line.
      expect(lines.filter((l) => !l.includes('not installed'))).toEqual([
        expect.stringMatching(/runs on TF\.js \(\w+\): cannot convert layer "odd_1" \(OddLayer\) to ONNX$/),
      ]);
      const info = auditModelInfo(model);
      expect(info.engine).toBe('tfjs');
      expect(info.fallback).toBe('cannot convert layer "odd_1" (OddLayer) to ONNX');
    } finally {
      await model.dispose();
    }
  });

  it('onnx: the converter error, with a hint to the TF.js engine', async () => {
    const error = await errorOf(load({ engine: 'onnx' }));
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toMatch(/layer "odd_1" \(OddLayer\)/);
    expect(error.hint).toMatch(/--engine tfjs/);
    expect(lines).toEqual([]);
  });

  it('--backend onnx on a TF.js model means engine onnx', async () => {
    expect((await errorOf(load({ backend: 'onnx' }))).code).toBe('UNSUPPORTED_OP');
  });

  it('tfjs, or a TF.js backend named, skips the conversion and says nothing', async () => {
    for (const options of [{ engine: 'tfjs' as const }, { backend: 'cpu' as const }]) {
      const model = await load(options);
      try {
        expect(convert.calls).toBe(0);
        expect(TFJS_BACKENDS).toContain(model.backend);
        expect(model.fallback).toBeUndefined();
        expect(auditModelInfo(model)).not.toHaveProperty('fallback');
        expect(lines).toEqual([]);
      } finally {
        await model.dispose();
      }
    }
  });

  it('engine and backend that contradict each other are refused', async () => {
    const error = await errorOf(load({ engine: 'onnx', backend: 'wasm' }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/--engine onnx contradicts --backend wasm/);
    expect((await errorOf(load({ engine: 'tfjs', backend: 'onnx' }))).code).toBe('BAD_INPUT');
  });

  it('$SNOWBLIND_BACKEND naming a TF.js backend means engine tfjs; onnx there is no demand', async () => {
    vi.stubEnv('SNOWBLIND_BACKEND', 'cpu');
    try {
      const model = await load();
      await model.dispose();
      expect(model.backend).toBe('cpu');
      expect(convert.calls).toBe(0);
      // An explicit engine wins over the variable, without a contradiction.
      expect((await errorOf(load({ engine: 'onnx' }))).code).toBe('UNSUPPORTED_OP');
      vi.stubEnv('SNOWBLIND_BACKEND', 'onnx');
      const fallen = await load();
      await fallen.dispose();
      expect(fallen.fallback).toMatch(/odd_1/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a converter bug or a converted model onnxruntime refuses falls back too; a user error does not', async () => {
    const bugs: [() => unknown, RegExp][] = [
      [
        () => {
          throw new TypeError('layer.config is undefined');
        },
        /the model converted to ONNX failed \(layer\.config is undefined\)/,
      ],
      [() => ({ graph: { name: 'empty' } }), /the model converted to ONNX failed \(.*onnxruntime/],
    ];
    for (const [result, reason] of bugs) {
      convert.result = result;
      const model = await load();
      await model.dispose();
      expect(model.fallback).toMatch(reason);
      expect(lines.filter((l) => l.includes('failed'))).toHaveLength(1);
      lines.length = 0;
      // Forced, the error is the converter's own.
      expect(
        await load({ engine: 'onnx' }).then(
          () => 'loaded',
          () => 'failed',
        ),
      ).toBe('failed');
    }
    convert.result = () => {
      throw new SnowblindError('SHAPE_MISMATCH', 'preset gives 8×8, model wants 9×9');
    };
    expect((await errorOf(load())).code).toBe('SHAPE_MISMATCH');
    expect(lines).toEqual([]);
  });

  it("a registry entry's engine applies when the options name none", async () => {
    const reg = await ModelRegistry.open({ home: join(dir, 'home-engine'), builtinPath: null });
    await reg.add({ path: folder, id: 'tiny-tfjs', preset: NHWC8_PRESET });
    const stored = JSON.parse(await readFile(reg.userPath, 'utf8')) as { models: Record<string, unknown>[] };
    stored.models[0]!['engine'] = 'tfjs';
    await writeFile(reg.userPath, JSON.stringify(stored));
    const reopened = await ModelRegistry.open({ home: join(dir, 'home-engine'), builtinPath: null });
    expect(reopened.get('tiny-tfjs')?.engine).toBe('tfjs');
    const model = await loadModel('tiny-tfjs', { registry: reopened });
    await model.dispose();
    expect(convert.calls).toBe(0);
    // Options win over the entry.
    expect((await errorOf(loadModel('tiny-tfjs', { registry: reopened, engine: 'onnx' }))).code).toBe(
      'UNSUPPORTED_OP',
    );
  });
});

describe('engine choice for ONNX models', () => {
  it('--engine tfjs is refused: only onnxruntime runs ONNX files', async () => {
    const tiny = fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url));
    const preset = { base: 'torchvision', resize: null, crop: [8, 8] as [number, number] };
    const error = await errorOf(loadModel(tiny, { preset, registry, engine: 'tfjs' }));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.hint).toMatch(/--engine auto or onnx/);
  });
});
