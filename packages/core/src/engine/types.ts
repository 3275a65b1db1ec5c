/** Engines a model can run on. `onnx` is onnxruntime-node; the rest are TF.js backends. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'onnx';

/** Where an ONNX model runs: onnxruntime's CPU provider or its CUDA execution provider. */
export type DeviceName = 'cpu' | 'cuda';
