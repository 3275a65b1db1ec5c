/**
 * TF's spatial padding (`SAME`, `VALID`, `EXPLICIT`) as ONNX Conv/Pool attributes, and the output
 * size it gives. TF's SAME puts the odd pixel at the end, as ONNX's SAME_UPPER does; with sizes
 * known the pads are written out, so the graph has no auto_pad to resolve.
 */
import {
  type PadAttributes,
  paddedOutputSize,
  sameOutputSize,
  samePadAttributes,
  type WindowAxis,
} from '../same-padding.js';
import { unconverted } from '../unconverted.js';
import { attrInts, attrString, describeNode, type TfNode } from './graph-def.js';
import type { Dim } from './graph-value.js';

/** ONNX attributes for the window and the output sizes per spatial axis. */
export interface WindowPadding {
  readonly attrs: PadAttributes;
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
    const outputSizes = axes.map((axis, i) => paddedOutputSize(axis, begin[i]! + end[i]!));
    return { attrs: { pads: { ints: [...begin, ...end] } }, outputSizes };
  }
  if (mode === 'VALID') {
    return {
      attrs: { pads: { ints: axes.flatMap(() => [0, 0]) } },
      outputSizes: axes.map((a) => paddedOutputSize(a, 0)),
    };
  }
  if (mode !== 'SAME') throw unconverted(`${describeNode(node)} with padding ${mode}`);
  return { attrs: samePadAttributes(axes), outputSizes: axes.map(sameOutputSize) };
}
