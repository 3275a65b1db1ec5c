/**
 * Tensor engines: the TF.js backend ladder, onnxruntime sessions and float16 conversion.
 * @packageDocumentation
 */
export { float16ToFloat32, float32ToFloat16 } from './float16.js';
export { createOnnxSession, type OnnxSessionOptions } from './onnx-session.js';
export { ort } from './onnxruntime.js';
export { BACKEND_CHOICES, parseBackend } from './parse-backend.js';
export { ENGINE_CHOICES, type EngineChoice, parseEngine } from './parse-engine.js';
export { tf } from './tfjs.js';
export {
  type EngineLogger,
  engineNotice,
  selectTfBackend,
  setEngineLogger,
  TF_BACKEND_LADDER,
  type TfBackendName,
} from './tfjs-backend.js';
