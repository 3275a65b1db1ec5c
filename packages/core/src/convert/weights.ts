import type * as TF from '@tensorflow/tfjs';
import { tf } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { decodeRawWeights } from './raw-weights.js';

/** One decoded weight: float32 values in TF.js layout (HWIO kernels, NHWC everything). */
export interface DecodedWeight {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Decode every weight of a TF.js model (float32, float16 and the uint8/uint16 quantized forms
 * tfjs-converter writes) to float32, by name.
 *
 * @throws SnowblindError `BAD_MODEL` when the weights do not decode.
 */
export function decodeTfjsWeights(artifacts: TF.io.ModelArtifacts): Map<string, DecodedWeight> {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData;
  const out = new Map<string, DecodedWeight>();
  if (specs.length === 0) return out;
  // Plain float/int and quantized weights decode without a TF.js backend; strings need TF.js.
  const raw = decodeRawWeights(specs, data);
  if (raw) return raw;
  let tensors: TF.NamedTensorMap;
  try {
    tensors = tf.io.decodeWeights(data as ArrayBuffer, specs);
  } catch (error) {
    throw new SnowblindError('BAD_MODEL', `the weights do not decode: ${(error as Error).message}`, {
      hint: 'check that model.json and its weight files come from the same export',
      cause: error,
    });
  }
  for (const [name, tensor] of Object.entries(tensors)) {
    const values =
      tensor.dtype === 'float32' ? (tensor.dataSync() as Float32Array) : Float32Array.from(tensor.dataSync());
    out.set(name, { values, shape: tensor.shape });
    tensor.dispose();
  }
  return out;
}
