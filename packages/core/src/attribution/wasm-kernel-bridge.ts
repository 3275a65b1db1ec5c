import { tf } from '../engine/index.js';

/**
 * Gradient kernels the TF.js wasm backend (4.22) lacks. `tf.grad` through a fused convolution
 * (what `tf.layers.conv2d` and converted graph models run) computes the filter gradient eagerly
 * inside the fused op's custom gradient, even when only the input gradient is wanted, so input
 * gradients of most conv nets fail on wasm with "Kernel 'Conv2DBackpropFilter' not registered".
 * Depthwise convolutions (MobileNet) lack both backprop kernels.
 */
const MISSING_ON_WASM = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
] as const;

/** Runs `kernel` (a cpu-backend kernel) on tensors that live in `backend`, copying in and out. */
function bridge(kernel: tf.KernelConfig): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const home = backend as tf.KernelBackend;
    const cpu = tf.findBackend('cpu') as tf.KernelBackend;
    const cpuInputs: Record<string, tf.TensorInfo> = {};
    const copies: tf.DataId[] = [];
    try {
      for (const [name, info] of Object.entries(inputs)) {
        if (!info) continue;
        const values = home.readSync(info.dataId) as tf.BackendValues;
        const dataId = cpu.write(values, info.shape, info.dtype);
        copies.push(dataId);
        cpuInputs[name] = { dataId, shape: info.shape, dtype: info.dtype };
      }
      const result = kernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu });
      const outputs = (Array.isArray(result) ? result : [result]).map((out) => {
        const values = cpu.readSync(out.dataId) as tf.BackendValues;
        cpu.disposeData(out.dataId);
        return { dataId: home.write(values, out.shape, out.dtype), shape: out.shape, dtype: out.dtype };
      });
      return Array.isArray(result) ? outputs : outputs[0]!;
    } finally {
      for (const dataId of copies) cpu.disposeData(dataId);
    }
  };
}

/**
 * Runs the synchronous `fn` (a `tf.grad` call) with the missing wasm gradient kernels bridged to
 * the pure-JS cpu backend's implementations, and unregisters them afterwards.
 *
 * @remarks Why this and not the alternatives: running the whole gradient on the cpu backend
 * would make every op pure JS (~30× slower than wasm on conv nets); unfusing convolutions is not
 * possible from outside a model. Bridging only the missing kernels keeps every other op on wasm
 * and stays exact (the cpu kernels are TF.js's own reference implementations); the cost is the
 * filter gradient computed in JS and then discarded. The kernels are registered only while `fn`
 * runs — `fn` is synchronous, so nothing else can observe them — and never when the active
 * backend is not wasm or when a later TF.js version ships them.
 */
export function withWasmGradientKernels<T>(fn: () => T): T {
  if (tf.getBackend() !== 'wasm') return fn();
  const added: string[] = [];
  for (const name of MISSING_ON_WASM) {
    const cpuKernel = tf.getKernel(name, 'cpu');
    if (tf.getKernel(name, 'wasm') || !cpuKernel) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: bridge(cpuKernel) });
    added.push(name);
  }
  try {
    return fn();
  } finally {
    for (const name of added) tf.unregisterKernel(name, 'wasm');
  }
}
