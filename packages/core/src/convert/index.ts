/**
 * TF.js → ONNX: LayersModel topologies and GraphModel graphs converted to an in-memory ONNX model
 * (NHWC input kept), so TF.js models run and differentiate on onnxruntime.
 * @packageDocumentation
 */
export { convertTfjsToOnnx, type TfjsSource } from './tfjs-to-onnx.js';
