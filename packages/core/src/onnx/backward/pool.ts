/**
 * Pooling. MaxPool routes each output gradient to the input position its Indices output names,
 * with ScatterElements(reduction='add') so positions that win several overlapping windows
 * accumulate, as in PyTorch. AveragePool is linear: its transpose spreads `dy / divisor` over
 * each window with a ones-kernel ConvTranspose, where the per-window divisor is measured with
 * onnxruntime's own AveragePool on a ones image (so count_include_pad and ceil_mode windows get
 * exactly the divisor the forward pass used).
 */
import { attrInts } from '../attributes.js';
import { transposePadding, windowGeometry } from '../geometry.js';
import { ints } from '../graph-builder.js';
import { blockedChannels, spreadChannels } from './blocked.js';
import { type BackwardRule, grad0, staticDims } from './context.js';

/**
 * The indices come from a second MaxPool over the same input, not from an Indices output on the
 * forward node: onnxruntime only runs a MaxPool without Indices in its NCHWc layout, so the forward
 * pool and the blocks after it stay blocked (measured on ResNet-18's stem pool).
 */
const maxPool: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const x = node.input![0]!;
  let indices = node.output![1];
  if (!indices) {
    const twin = b.create('MaxPool', [x], {}, 2);
    twin.attribute = node.attribute!.map((a) => ({ ...a }));
    b.append(twin);
    indices = twin.output![1]!;
  }
  const count = b.op('Reshape', [b.op('Size', [x]), b.int64([1])]);
  const zeros = b.filled(count, 0);
  const flat = b.int64([-1]);
  const scattered = b.op(
    'ScatterElements',
    [zeros, b.op('Reshape', [indices, flat]), b.op('Reshape', [grad0(dy), flat])],
    { axis: { int: 0 }, reduction: 'add' },
  );
  return [b.op('Reshape', [scattered, ctx.shapeOf(x)])];
};

const averagePool: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const x = node.input![0]!;
  const spatial = staticDims(ctx, x, 2);
  const kernel = attrInts(node, 'kernel_shape') ?? [];
  const g = windowGeometry(node, spatial, kernel);
  const rank = spatial.length;
  const ones = b.filled(b.int64([1, 1, ...spatial]), 1);
  const onesKernel = b.float(new Array<number>(kernel.reduce((p, k) => p * k, 1)).fill(1), [1, 1, ...kernel]);
  // Valid (non-padding) elements per window: a ones-kernel conv whose end pads reach every window.
  const convPads = [...g.pads];
  for (let i = 0; i < rank; i++) {
    const span = (kernel[i]! - 1) * g.dilations[i]! + 1;
    convPads[i + rank] = Math.max(
      g.pads[i + rank]!,
      (g.output[i]! - 1) * g.strides[i]! + span - spatial[i]! - g.pads[i]!,
    );
  }
  const window = { strides: ints(g.strides), dilations: ints(g.dilations) };
  const valid = b.op('Conv', [ones, onesKernel], {
    ...window,
    pads: ints(convPads),
    kernel_shape: ints(kernel),
  });
  const forward = b.create('AveragePool', [ones], {});
  forward.attribute = node.attribute!.filter((a) => a.name !== 'auto_pad' && a.name !== 'pads');
  forward.attribute.push({ name: 'pads', type: 7, ints: g.pads });
  b.append(forward);
  // AveragePool(ones) = valid / divisor, so 1 / divisor = AveragePool(ones) / valid.
  const scale = b.op('Div', [forward.output![0]!, b.op('Max', [valid, b.scalar(1)])]);
  const scaled = b.op('Mul', [grad0(dy), scale]);
  const perChannel = b.op('Reshape', [scaled, b.int64([-1, 1, ...g.output])]);
  const { pads, outputPadding } = transposePadding(g, spatial);
  const spread = b.op('ConvTranspose', [perChannel, onesKernel], {
    ...window,
    kernel_shape: ints(kernel),
    pads: ints(pads),
    output_padding: ints(outputPadding),
  });
  return [b.op('Reshape', [spread, ctx.shapeOf(x)])];
};

// dy / area everywhere; on channel-blocked 4-D tensors spread by a Conv that stays in NCHWc.
const globalAveragePool: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const x = node.input![0]!;
  const spatial = staticDims(ctx, x, 2);
  const area = spatial.reduce((p, d) => p * d, 1);
  const mean = b.op('Div', [grad0(dy), b.scalar(area)]);
  const channels = blockedChannels(ctx, x);
  if (channels !== undefined) return [spreadChannels(ctx, mean, channels, spatial[0]!, spatial[1]!)];
  return [b.op('Expand', [mean, ctx.shapeOf(x)])];
};

export const POOL_RULES: Record<string, BackwardRule> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
};
