/**
 * Convolutions: Conv2D, DepthwiseConv2dNative and tfjs-converter's fused forms (_FusedConv2D,
 * FusedDepthwiseConv2dNative: bias, then the activation in `fused_ops[1]`), as ONNX Conv on NCHW
 * data with OIHW weights. Depthwise filters [H, W, C, M] become a grouped conv with C groups and
 * output channel c·M + m, TF's order.
 */
import { addWeight } from '../../onnx-skeleton.js';
import { unconverted } from '../../unconverted.js';
import type { GraphConversion, GraphOpRule } from '../conversion.js';
import {
  attrInts,
  attrNumber,
  attrString,
  attrStrings,
  dataInputs,
  describeNode,
  type TfNode,
} from '../graph-def.js';
import type { ConstValue, TensorValue } from '../graph-value.js';
import { NCHW, transposeData } from '../layout.js';
import { windowPadding } from '../padding.js';
import { applyActivation } from './activations.js';

/** How the filter maps onto ONNX Conv. */
type ConvKind = 'conv' | 'depthwise';

/** TF's default slope when a fused LeakyRelu carries no `leakyrelu_alpha`. */
const DEFAULT_LEAKY_ALPHA = 0.2;

function checkNhwc(node: TfNode): void {
  if (attrString(node, 'data_format', 'NHWC').toUpperCase() !== 'NHWC') {
    throw unconverted(`${describeNode(node)} with data_format ${attrString(node, 'data_format', '')}`);
  }
}

function filterOf(ctx: GraphConversion, node: TfNode): ConstValue {
  const filter = ctx.tensorInput(node, 1);
  if (filter.kind !== 'const' || filter.shape.length !== 4) {
    throw unconverted(`${describeNode(node)} with a filter computed at run time`);
  }
  return filter;
}

/** ONNX Conv of input 0 by the filter in input 1, with an optional bias; NCHW out. */
function convolve(
  ctx: GraphConversion,
  node: TfNode,
  kind: ConvKind,
  bias: TensorValue | ConstValue | undefined,
): TensorValue {
  checkNhwc(node);
  const x = ctx.tensorInput(node, 0);
  const filter = filterOf(ctx, node);
  const [kh, kw, cin, m] = filter.shape as [number, number, number, number];
  const strides = attrInts(node, 'strides', [1, 1, 1, 1]);
  const dilations = attrInts(node, 'dilations', [1, 1, 1, 1]);
  if (x.shape.length !== 4) throw unconverted(`${describeNode(node)} on a rank-${x.shape.length} input`);
  const spatial = [0, 1].map((i) => ({
    size: x.shape[1 + i]!,
    kernel: [kh, kw][i]!,
    stride: strides[1 + i] ?? 1,
    dilation: dilations[1 + i] ?? 1,
  }));
  const { attrs, outputSizes } = windowPadding(node, spatial);
  const cout = kind === 'conv' ? m : cin * m;
  const weight = kind === 'conv' ? ctx.onnx(filter, [3, 2, 0, 1]) : depthwiseWeight(ctx, filter);
  const inputs = [ctx.onnx(x, NCHW), weight];
  if (bias !== undefined) {
    if (bias.shape.length !== 1 || bias.shape[0] !== cout) {
      throw unconverted(`${describeNode(node)} with a bias of shape [${bias.shape.join(', ')}]`);
    }
    inputs.push(ctx.onnx(bias));
  }
  const conv = ctx.emit(
    'Conv',
    inputs,
    {
      ...attrs,
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: spatial.map((s) => s.stride) },
      dilations: { ints: spatial.map((s) => s.dilation) },
      group: { int: kind === 'conv' ? 1 : cin },
    },
    [x.shape[0]!, outputSizes[0]!, outputSizes[1]!, cout],
    NCHW,
  );
  return conv;
}

/** [H, W, C, M] → [C·M, 1, H, W]. */
function depthwiseWeight(ctx: GraphConversion, filter: ConstValue): string {
  const [kh, kw, c, m] = filter.shape as [number, number, number, number];
  const cached = filter.views.get('depthwise');
  if (cached !== undefined) return cached;
  const data = transposeData(filter.data, filter.shape, [2, 3, 0, 1]);
  const name = addWeight(ctx.skeleton, 'depthwise_filter', data, [c * m, 1, kh, kw]);
  filter.views.set('depthwise', name);
  return name;
}

const plain =
  (kind: ConvKind): GraphOpRule =>
  (ctx, node) =>
    convolve(ctx, node, kind, undefined);

/** tfjs-converter's fused conv: `fused_ops` = [extra op, activation], extra args after the filter. */
const fused =
  (kind: ConvKind): GraphOpRule =>
  (ctx, node) => {
    const [extraOp, activation] = attrStrings(node, 'fused_ops').map((s) => s.toLowerCase());
    if (extraOp !== undefined && extraOp !== 'biasadd') {
      throw unconverted(`${describeNode(node)} fused with ${extraOp}`);
    }
    const args = dataInputs(node)
      .slice(2)
      .map((_, k) => ctx.tensorInput(node, 2 + k));
    const [bias, alpha] = extraOp === 'biasadd' ? args : [undefined, args[0]];
    const leakyAlpha = attrNumber(node, 'leakyrelu_alpha', DEFAULT_LEAKY_ALPHA);
    // tfjs reads no leakyrelu_alpha for FusedDepthwiseConv2dNative: it always uses the default.
    if (kind === 'depthwise' && leakyAlpha !== DEFAULT_LEAKY_ALPHA && activation === 'leakyrelu') {
      throw unconverted(`${describeNode(node)} with leakyrelu_alpha ${leakyAlpha}`);
    }
    const conv = convolve(ctx, node, kind, bias);
    return applyActivation(ctx, node, conv, activation, alpha, leakyAlpha);
  };

/** Rules for convolutions, by TF op name. */
export const CONV_RULES: Readonly<Record<string, GraphOpRule>> = {
  Conv2D: plain('conv'),
  DepthwiseConv2dNative: plain('depthwise'),
  _FusedConv2D: fused('conv'),
  FusedConv2D: fused('conv'),
  FusedDepthwiseConv2dNative: fused('depthwise'),
};
