import type * as ORT from 'onnxruntime-node';
import { lazyEngine } from './optional-engine.js';

/**
 * `onnxruntime-node`, loaded on first use: `import { ort } from '../engine/onnxruntime.js'`
 * instead of `import * as ort from 'onnxruntime-node'` keeps `@snowblind/core` importable
 * without onnxruntime (an optional peer dependency). Reading any member when it is missing
 * throws `BACKEND_UNAVAILABLE` with the hint `npm install onnxruntime-node`.
 */
export const ort: typeof ORT = lazyEngine<typeof ORT>('onnxruntime-node');

/** The onnxruntime types core names as `ort.X`. */
export declare namespace ort {
  export type Tensor = ORT.Tensor;
  export type InferenceSession = ORT.InferenceSession;
  export namespace InferenceSession {
    export type SessionOptions = ORT.InferenceSession.SessionOptions;
    export type OnnxValueMapType = ORT.InferenceSession.OnnxValueMapType;
    export type TensorValueMetadata = ORT.InferenceSession.TensorValueMetadata;
  }
}
