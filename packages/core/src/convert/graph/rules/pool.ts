/**
 * MaxPool and AvgPool (NHWC `ksize`/`strides`) as ONNX MaxPool/AveragePool on NCHW data. TF's
 * SAME average ignores the padded cells, as ONNX's `count_include_pad = 0` does.
 */
import { unconverted } from '../../unconverted.js';
import type { GraphOpRule } from '../conversion.js';
import { attrInts, attrString, describeNode } from '../graph-def.js';
import { NCHW } from '../layout.js';
import { windowPadding } from '../padding.js';

const pool =
  (opType: 'MaxPool' | 'AveragePool'): GraphOpRule =>
  (ctx, node) => {
    if (attrString(node, 'data_format', 'NHWC').toUpperCase() !== 'NHWC') {
      throw unconverted(`${describeNode(node)} with data_format ${attrString(node, 'data_format', '')}`);
    }
    const x = ctx.tensorInput(node, 0);
    if (x.shape.length !== 4) throw unconverted(`${describeNode(node)} on a rank-${x.shape.length} input`);
    const ksize = attrInts(node, 'ksize', [1, 1, 1, 1]);
    const strides = attrInts(node, 'strides', [1, 1, 1, 1]);
    if (ksize[0] !== 1 || ksize[3] !== 1 || strides[0] !== 1 || strides[3] !== 1) {
      throw unconverted(`${describeNode(node)} pooling across the batch or channels`);
    }
    const spatial = [1, 2].map((a) => ({
      size: x.shape[a]!,
      kernel: ksize[a]!,
      stride: strides[a]!,
      dilation: 1,
    }));
    const { attrs, outputSizes } = windowPadding(node, spatial);
    return ctx.emit(
      opType,
      [ctx.onnx(x, NCHW)],
      {
        ...attrs,
        kernel_shape: { ints: spatial.map((s) => s.kernel) },
        strides: { ints: spatial.map((s) => s.stride) },
        ...(opType === 'AveragePool' ? { count_include_pad: { int: 0 } } : {}),
      },
      [x.shape[0]!, outputSizes[0]!, outputSizes[1]!, x.shape[3]!],
      NCHW,
    );
  };

/** Rules for pooling ops, by TF op name. */
export const POOL_RULES: Readonly<Record<string, GraphOpRule>> = {
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AveragePool'),
};
