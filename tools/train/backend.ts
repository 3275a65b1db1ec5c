/**
 * TF.js backend for training and evaluation: `wasm` (default; XNNPACK + SIMD, with the conv
 * gradient kernels of ./wasm-conv-grads.ts) or `cpu` (pure JS, ~60× slower on the CNNs here).
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmConvGrads } from './wasm-conv-grads.js';

export type TrainBackend = 'cpu' | 'wasm';

export async function useBackend(name: TrainBackend): Promise<void> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerWasmConvGrads();
  } else if (name !== 'cpu') {
    throw new Error(`--backend must be cpu or wasm, not ${name}`);
  }
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} failed to initialise`);
  await tf.ready();
}
