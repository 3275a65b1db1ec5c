/**
 * ONNX parsing and reverse-mode differentiation: snowblind builds the backward graph of an ONNX
 * model in ONNX and runs forward+backward in onnxruntime, which has no autograd of its own.
 * @packageDocumentation
 */
export { CONSTANT_OPS, DIFFERENTIABLE_OPS } from './backward/registry.js';
export {
  type GradcheckOptions,
  type GradcheckResult,
  type GradcheckSample,
  gradcheck,
  normalSource,
} from './gradcheck.js';
export {
  buildGradientModel,
  type GradientModelOptions,
  type GradientTarget,
  type OnnxGradientGraph,
} from './gradient-model.js';
export {
  createOnnxGradientRunner,
  type ForwardBackwardResult,
  type OnnxGradientRunner,
  type OnnxGradientRunnerOptions,
} from './gradient-runner.js';
export { type AttrValue, GraphBuilder, int, ints } from './graph-builder.js';
export { type ParseOnnxOptions, parseOnnxModel, serializeOnnxModel } from './model.js';
export { inferShapes } from './shape-inference.js';
export { float32Tensor, int64Tensor, tensorToFloat32 } from './tensor-data.js';
export type {
  OnnxAttribute,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './types.js';
export { ONNX_DATA_TYPE } from './types.js';
