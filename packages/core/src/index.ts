/**
 * @snowblind/core — the engine behind every snowblind face.
 *
 * Data flows one way: NoiseSpec → bytes (Uint8 HWC) → preset → Float32 batch → engine →
 * logits → softmax/top-k → streaming aggregations → report. Each module's `index.ts` lists
 * its public API explicitly; this file gathers them.
 * @packageDocumentation
 */
export * from './attribution/index.js';
export * from './audit/index.js';
export * from './datasets/index.js';
export * from './engine/index.js';
export * from './explain/index.js';
export { ERROR_CODES, type ErrorCode, isSnowblindError, SnowblindError } from './errors.js';
export * from './fool/index.js';
export * from './image/index.js';
export * from './models/index.js';
export { startModuleWorker } from './module-worker.js';
export * from './noise/index.js';
export * from './onnx/index.js';
export * from './report/index.js';
export { resolveInside } from './safe-path.js';
