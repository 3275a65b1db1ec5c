import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { SnowblindError } from '../errors.js';
import { createOnnxSession } from './onnx-session.js';

const TINY = fileURLToPath(new URL('../../test/fixtures/models/tiny.onnx', import.meta.url));

async function errorOf(p: Promise<unknown>): Promise<SnowblindError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof SnowblindError) return error;
    throw error;
  }
  throw new Error('expected a SnowblindError');
}

describe('createOnnxSession', () => {
  it('opens a model from a path and from bytes', async () => {
    for (const source of [TINY, await readFile(TINY)]) {
      const session = await createOnnxSession(source, { threads: 1 });
      expect(session.inputNames).toEqual(['input']);
      const out = await session.run({
        input: new Tensor('float32', new Float32Array(2 * 3 * 64), [2, 3, 8, 8]),
      });
      expect(out['output']!.dims).toEqual([2, 5]);
      await session.release();
    }
  });

  it('cuda without the CUDA provider is DEVICE_UNAVAILABLE with a hint', async () => {
    const error = await errorOf(createOnnxSession(TINY, { device: 'cuda' }));
    expect(error.code).toBe('DEVICE_UNAVAILABLE');
    expect(error.hint).toMatch(/--device cpu/);
  });

  it('garbage bytes are BAD_MODEL, a missing file FILE_NOT_FOUND, bad threads BAD_INPUT', async () => {
    expect((await errorOf(createOnnxSession(new Uint8Array([1, 2, 3, 4])))).code).toBe('BAD_MODEL');
    expect((await errorOf(createOnnxSession('/nonexistent/model.onnx'))).code).toBe('FILE_NOT_FOUND');
    expect((await errorOf(createOnnxSession(TINY, { threads: 0 }))).code).toBe('BAD_INPUT');
  });
});
