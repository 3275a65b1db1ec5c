import type * as TF from '@tensorflow/tfjs';
import { lazyEngine } from './optional-engine.js';

/**
 * `@tensorflow/tfjs`, loaded on first use: `import { tf } from '../engine/tfjs.js'` instead of
 * `import * as tf from '@tensorflow/tfjs'` keeps `@snowblind/core` importable without TF.js
 * (an optional peer dependency). Reading any member when TF.js is missing throws
 * `BACKEND_UNAVAILABLE` with the hint `npm install @tensorflow/tfjs`.
 */
export const tf: typeof TF = lazyEngine<typeof TF>('@tensorflow/tfjs');

/** The TF.js types core names as `tf.X`. */
export declare namespace tf {
  export type Tensor<R extends TF.Rank = TF.Rank> = TF.Tensor<R>;
  export type Tensor2D = TF.Tensor2D;
  export type GraphModel = TF.GraphModel;
  export type LayersModel = TF.LayersModel;
  export type BackendValues = TF.BackendValues;
  export type DataId = TF.DataId;
  export type KernelBackend = TF.KernelBackend;
  export type KernelConfig = TF.KernelConfig;
  export type KernelFunc = TF.KernelFunc;
  export type TensorInfo = TF.TensorInfo;
}
