import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { float32ToFloat16 } from '../engine/index.js';
import { decodeRawWeights } from './raw-weights.js';

describe('decodeRawWeights', () => {
  it('decodes float32, int32, float16 and uint8/uint16-quantized weights as tf.io.decodeWeights does', async () => {
    await tf.setBackend('cpu');
    const f32 = Float32Array.of(0.5, -1.25, 3);
    const i32 = Int32Array.of(7, -2);
    const f16 = float32ToFloat16(Float32Array.of(0.1, -2, 65504));
    const u8 = Uint8Array.of(0, 3, 255);
    const u16 = Uint16Array.of(1, 65535);
    const specs: tf.io.WeightsManifestEntry[] = [
      { name: 'a/kernel', dtype: 'float32', shape: [3] },
      { name: 'b/steps', dtype: 'int32', shape: [2] },
      { name: 'c/half', dtype: 'float32', shape: [3], quantization: { dtype: 'float16' } },
      { name: 'd/q8', dtype: 'float32', shape: [3], quantization: { dtype: 'uint8', scale: 0.02, min: -1 } },
      {
        name: 'e/q16',
        dtype: 'float32',
        shape: [1, 2],
        quantization: { dtype: 'uint16', scale: 1e-3, min: 0.5 },
      },
    ];
    const parts = [f32, i32, f16, u8, u16].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (data.set(p, at), at + p.length), 0);

    const raw = decodeRawWeights(specs, data.buffer)!;
    const reference = tf.io.decodeWeights(data.buffer, specs);
    for (const spec of specs) {
      expect(raw.get(spec.name)!.shape).toEqual(spec.shape);
      expect(Array.from(raw.get(spec.name)!.values)).toEqual(
        Array.from(reference[spec.name]!.dataSync(), (v) => Math.fround(v)),
      );
    }
    tf.dispose(Object.values(reference));
  });

  it('leaves strings and short data to TF.js (undefined)', () => {
    expect(
      decodeRawWeights([{ name: 's', dtype: 'string', shape: [1] }], new ArrayBuffer(8)),
    ).toBeUndefined();
    expect(
      decodeRawWeights([{ name: 'a', dtype: 'float32', shape: [4] }], new ArrayBuffer(8)),
    ).toBeUndefined();
  });
});
