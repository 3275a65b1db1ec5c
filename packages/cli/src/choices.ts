/** Values of `--backend` (`auto` picks the best available engine). */
export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'onnx'] as const;
