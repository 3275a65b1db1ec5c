/**
 * Sliding-window geometry shared by Conv, MaxPool and AveragePool: explicit pads (auto_pad
 * resolved), output sizes, and the ConvTranspose padding that maps an output-sized gradient back
 * onto exactly the input's size.
 */
import { SnowblindError } from '../errors.js';
import { attrInt, attrInts, attrString, nodeLabel } from './attributes.js';
import type { OnnxNode } from './types.js';

/** Resolved window parameters for the spatial axes of one node. */
export interface WindowGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Begin pads then end pads, as in ONNX (`[x1_begin, x2_begin, …, x1_end, x2_end, …]`). */
  pads: number[];
  ceilMode: boolean;
  /** Output spatial sizes. */
  output: number[];
}

/**
 * Window geometry of `node` for input spatial sizes `input` (all known).
 *
 * @remarks With ceil_mode, a last window that would start inside the end padding is dropped, as
 * PyTorch and onnxruntime's pooling kernels do (onnxruntime's load-time shape inference keeps it,
 * so graphs that depend on that size statically fail to load there anyway).
 */
export function windowGeometry(
  node: OnnxNode,
  input: readonly number[],
  kernel: readonly number[],
): WindowGeometry {
  const rank = input.length;
  const strides = attrInts(node, 'strides') ?? new Array<number>(rank).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const ceilMode = attrInt(node, 'ceil_mode', 0) === 1;
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let pads = attrInts(node, 'pads') ?? new Array<number>(2 * rank).fill(0);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = new Array<number>(2 * rank).fill(0);
    for (let i = 0; i < rank; i++) {
      const out = Math.ceil(input[i]! / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - input[i]!);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + rank] = total - pads[i]!;
    }
  } else if (autoPad === 'VALID') {
    pads = new Array<number>(2 * rank).fill(0);
  }
  const output = input.map((size, i) => {
    const span = (kernel[i]! - 1) * dilations[i]! + 1;
    const room = size + pads[i]! + pads[i + rank]! - span;
    if (room < 0) {
      throw new SnowblindError(
        'SHAPE_MISMATCH',
        `${node.opType} ${nodeLabel(node)}: window larger than input`,
        {
          hint: 'use a larger input size for this model',
        },
      );
    }
    let out = (ceilMode ? Math.ceil(room / strides[i]!) : Math.floor(room / strides[i]!)) + 1;
    if (ceilMode && (out - 1) * strides[i]! >= size + pads[i]!) out -= 1;
    return out;
  });
  return { kernel: [...kernel], strides, dilations, pads, ceilMode, output };
}

/**
 * ConvTranspose `pads` and `output_padding` that make the transpose of a window op produce
 * exactly `input` sizes from its `output` sizes: the transposed length is
 * `s(O−1) + (k−1)d + 1 − padBegin − padEnd + outputPadding`, so the end pad absorbs any excess
 * (ceil_mode windows, unused end padding) and output_padding (< stride) fills a shortfall (rows
 * the forward windows never reached).
 */
export function transposePadding(
  g: WindowGeometry,
  input: readonly number[],
): { pads: number[]; outputPadding: number[] } {
  const rank = input.length;
  const pads = new Array<number>(2 * rank).fill(0);
  const outputPadding = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const full = g.strides[i]! * (g.output[i]! - 1) + (g.kernel[i]! - 1) * g.dilations[i]! + 1 - g.pads[i]!;
    const excess = full - input[i]!;
    pads[i] = g.pads[i]!;
    if (excess >= 0) pads[i + rank] = excess;
    else outputPadding[i] = -excess;
  }
  return { pads, outputPadding };
}
