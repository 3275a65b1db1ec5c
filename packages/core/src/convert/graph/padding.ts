/**
 * TF's spatial padding (`SAME`, `VALID`, `EXPLICIT`) as ONNX Conv/Pool attributes, and the output
 * size it gives. TF's SAME puts the odd pixel at the end, as ONNX's SAME_UPPER does; with sizes
 * known the pads are written out, so the graph has no auto_pad to resolve.
 */
import { unconverted } from '../unconverted.js';
import { attrInts, attrString, describeNode, type TfNode } from './graph-def.js';
import type { Dim } from './graph-value.js';

/** One spatial axis of a window op. */
export interface WindowAxis {
  readonly size: Dim;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
}

/** ONNX attributes for the window and the output sizes per spatial axis. */
export interface WindowPadding {
  readonly attrs: { pads: { ints: number[] } } | { auto_pad: string };
  readonly outputSizes: Dim[];
}

/**
 * Pads for the spatial axes `axes` (H then W) of `node`'s `padding` attribute.
 *
 * @param explicitAxes - TF axis of each spatial axis in `explicit_paddings` (NHWC: 1, 2)
 */
export function windowPadding(
  node: TfNode,
  axes: readonly WindowAxis[],
  explicitAxes = [1, 2],
): WindowPadding {
  const mode = attrString(node, 'padding', 'VALID').toUpperCase();
  if (mode === 'EXPLICIT') {
    const explicit = attrInts(node, 'explicit_paddings', []);
    const begin = explicitAxes.map((a) => explicit[2 * a] ?? 0);
    const end = explicitAxes.map((a) => explicit[2 * a + 1] ?? 0);
    const outputSizes = axes.map((axis, i) => valid(axis, begin[i]! + end[i]!));
    return { attrs: { pads: { ints: [...begin, ...end] } }, outputSizes };
  }
  if (mode === 'VALID') {
    return {
      attrs: { pads: { ints: axes.flatMap(() => [0, 0]) } },
      outputSizes: axes.map((a) => valid(a, 0)),
    };
  }
  if (mode !== 'SAME') throw unconverted(`${describeNode(node)} with padding ${mode}`);
  const outputSizes = axes.map((a) => (a.size === null ? null : Math.ceil(a.size / a.stride)));
  // At stride 1 the total is the window's extent − 1 whatever the size.
  const totals = axes.map((a, i) => {
    const extent = (a.kernel - 1) * a.dilation + 1;
    if (a.stride === 1) return extent - 1;
    return a.size === null ? null : Math.max((outputSizes[i]! - 1) * a.stride + extent - a.size, 0);
  });
  if (totals.some((t) => t === null)) return { attrs: { auto_pad: 'SAME_UPPER' }, outputSizes };
  const begin = totals.map((t) => Math.floor(t! / 2));
  const end = totals.map((t, i) => t! - begin[i]!);
  return { attrs: { pads: { ints: [...begin, ...end] } }, outputSizes };
}

function valid(axis: WindowAxis, padding: number): Dim {
  if (axis.size === null) return null;
  const extent = (axis.kernel - 1) * axis.dilation + 1;
  return Math.floor((axis.size + padding - extent) / axis.stride) + 1;
}
