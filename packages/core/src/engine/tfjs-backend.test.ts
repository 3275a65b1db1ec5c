import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSnowblindError } from '../errors.js';
import { parseBackend } from './parse-backend.js';
import { selectTfBackend, setEngineLogger } from './tfjs-backend.js';

const lines: string[] = [];
let restore: ReturnType<typeof setEngineLogger>;
beforeAll(() => {
  restore = setEngineLogger((m) => lines.push(m));
});
afterAll(() => {
  setEngineLogger(restore);
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (error) {
    return isSnowblindError(error) ? `${error.code}:${error.hint ? 'hint' : 'nohint'}` : 'other';
  }
}

/** A tiny fixed-weight conv net on 8×8×3, the same on every backend. */
function tinyNet(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 3],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5 }),
    ],
  });
  model.setWeights(
    model.getWeights().map((w, i) => {
      const n = w.size;
      return tf.tensor(
        Array.from({ length: n }, (_, j) => Math.sin(1.3 * j + i) * 0.5),
        w.shape,
      );
    }),
  );
  return model;
}

describe('parseBackend', () => {
  it('accepts every backend name and auto, case-insensitively', () => {
    expect(parseBackend('auto')).toBe('auto');
    expect(parseBackend(' WASM ')).toBe('wasm');
    expect(parseBackend('tensorflow-gpu')).toBe('tensorflow-gpu');
    expect(parseBackend('onnx')).toBe('onnx');
  });
  it('rejects unknown names with a coded error listing the choices', () => {
    expect(() => parseBackend('cuda')).toThrowError(/unknown backend "cuda"/);
    try {
      parseBackend('webgpu');
    } catch (error) {
      expect(isSnowblindError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
      expect((error as { hint: string }).hint).toContain('tensorflow-gpu');
    }
  });
});

describe('selectTfBackend', () => {
  it('explicit tensorflow / tensorflow-gpu are unavailable here, with an install hint', async () => {
    expect(await codeOf(selectTfBackend('tensorflow'))).toBe('BACKEND_UNAVAILABLE:hint');
    expect(await codeOf(selectTfBackend('tensorflow-gpu'))).toBe('BACKEND_UNAVAILABLE:hint');
    expect(await codeOf(selectTfBackend('onnx'))).toBe('BACKEND_UNAVAILABLE:hint');
  });

  it('auto walks the ladder to wasm, saying once, in one line, which native backends were skipped', async () => {
    expect(await selectTfBackend('auto')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(await selectTfBackend()).toBe('wasm');
    await selectTfBackend('auto');
    const ladder = lines.filter((l) => l.includes('not installed'));
    expect(ladder).toEqual([
      'snowblind: TF.js on wasm; @tensorflow/tfjs-node-gpu, @tensorflow/tfjs-node not installed, skipped',
    ]);
    expect(lines.filter((l) => l.includes('tfjs-node'))).toHaveLength(1);
  });

  it('honours SNOWBLIND_BACKEND when no backend is given', async () => {
    const saved = process.env['SNOWBLIND_BACKEND'];
    process.env['SNOWBLIND_BACKEND'] = 'cpu';
    try {
      expect(await selectTfBackend()).toBe('cpu');
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      if (saved === undefined) delete process.env['SNOWBLIND_BACKEND'];
      else process.env['SNOWBLIND_BACKEND'] = saved;
    }
  });

  it('cpu and wasm give the same outputs for a tiny conv net (1e-4)', async () => {
    const input = tf.tensor4d(
      Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => Math.cos(0.11 * i)),
      [2, 8, 8, 3],
    );
    const data = await input.data();
    input.dispose();
    const run = async (backend: 'cpu' | 'wasm') => {
      expect(await selectTfBackend(backend)).toBe(backend);
      const model = tinyNet();
      const out = tf.tidy(() => model.predict(tf.tensor4d(data, [2, 8, 8, 3])) as tf.Tensor);
      const values = await out.data();
      out.dispose();
      model.dispose();
      return Array.from(values);
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(cpu).toHaveLength(10);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(cpu[i]! - wasm[i]!)).toBeLessThan(1e-4);
  });
});
