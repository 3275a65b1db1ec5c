/**
 * Reshape, Flatten and Permute (in Keras' axis order, so the element order is Keras'), and the
 * layers that are the identity at inference: InputLayer, Dropout and the noise layers.
 */
import type { LayerRule } from './layer-context.js';
import { asKeras, type TensorValue } from './tensor-value.js';

const product = (dims: readonly (number | null)[]) =>
  dims.some((d) => d === null) ? null : (dims as number[]).reduce((a, b) => a * b, 1);

const reshape: LayerRule = (ctx, [input]) => {
  // TF.js writes the inferred dim (-1) as null.
  const raw = ctx.get('target_shape');
  const target = Array.isArray(raw) ? raw.map((d) => (d === null ? -1 : d)) : raw;
  if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d)))
    throw ctx.unsupported(`target_shape ${JSON.stringify(raw)}`);
  const x = asKeras(ctx.skeleton, input!);
  // 0 copies the batch dim; Keras target shapes never hold a 0 themselves.
  const y = ctx.op('Reshape', [x.name, ctx.skeleton.builder.int64([0, ...(target as number[])])]);
  const total = product(x.shape);
  const known = product((target as number[]).filter((d) => d !== -1));
  const shape = (target as number[]).map((d) =>
    d !== -1 ? d : total === null || known === null ? null : total / known,
  );
  return { name: y, layout: 'keras', shape };
};

const flatten: LayerRule = (ctx, [input]) => {
  ctx.requireChannelsLast();
  const x = asKeras(ctx.skeleton, input!);
  if (x.shape.length === 1) return x;
  return {
    name: ctx.op('Flatten', [x.name], { axis: { int: 1 } }),
    layout: 'keras',
    shape: [product(x.shape)],
  };
};

/** Permute: `dims` are 1-based and leave the batch in place. */
const permute: LayerRule = (ctx, [input]) => {
  const dims = ctx.get('dims');
  const x = asKeras(ctx.skeleton, input!);
  if (!Array.isArray(dims) || [...dims].sort().some((d, i) => d !== i + 1) || dims.length !== x.shape.length)
    throw ctx.unsupported(`dims ${JSON.stringify(dims)}`);
  const y = ctx.op('Transpose', [x.name], { perm: { ints: [0, ...(dims as number[])] } });
  return { name: y, layout: 'keras', shape: (dims as number[]).map((d) => x.shape[d - 1]!) };
};

const identity: LayerRule = (_ctx, [x]): TensorValue => x!;

/** Rules of the shape family and the inference-time identities, by Keras class name. */
export const SHAPE_LAYERS: Readonly<Record<string, LayerRule>> = {
  Reshape: reshape,
  Flatten: flatten,
  Permute: permute,
  InputLayer: identity,
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  SpatialDropout3D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  ActivityRegularization: identity,
};
