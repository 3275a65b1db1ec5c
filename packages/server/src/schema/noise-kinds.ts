import {
  NOISE_KIND_INFO,
  NOISE_KINDS,
  type NoiseKindInfo,
  type NoiseParamInfo,
  type NoiseSpec,
} from '@snowblind/core';
import { z } from 'zod';
import { builder } from '../builder.js';

const NoiseParam = builder.objectRef<NoiseParamInfo>('NoiseParam').implement({
  description: 'One parameter of a noise kind: type, bounds, default.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: '`number`, `integer`, or `color` (one byte per channel).' }),
    description: t.exposeString('description'),
    default: t.floatList({ resolve: (p) => (typeof p.default === 'number' ? [p.default] : [...p.default]) }),
    min: t.float({ nullable: true, resolve: (p) => p.min ?? null }),
    max: t.float({ nullable: true, resolve: (p) => p.max ?? null }),
  }),
});

const NoiseKind = builder.objectRef<NoiseKindInfo>('NoiseKind').implement({
  description: 'A kind of seeded noise image and its parameter schema.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    description: t.exposeString('description'),
    numpy: t.exposeBoolean('numpy', {
      description: 'Whether rng NUMPY (bit-exact numpy legacy) is available.',
    }),
    params: t.field({ type: [NoiseParam], resolve: (k) => [...k.params] }),
  }),
});

builder.queryField('noiseKinds', (t) =>
  t.field({
    type: [NoiseKind],
    description: 'Every noise kind the server can make.',
    resolve: () => NOISE_KINDS.map((k) => NOISE_KIND_INFO[k]),
  }),
);

const NoiseParams = builder.objectRef<NonNullable<NoiseSpec['params']>>('NoiseParams').implement({
  fields: (t) => ({
    mean: t.float({ nullable: true, resolve: (p) => p.mean ?? null }),
    std: t.float({ nullable: true, resolve: (p) => p.std ?? null }),
    low: t.float({ nullable: true, resolve: (p) => p.low ?? null }),
    high: t.float({ nullable: true, resolve: (p) => p.high ?? null }),
    density: t.float({ nullable: true, resolve: (p) => p.density ?? null }),
    scale: t.float({ nullable: true, resolve: (p) => p.scale ?? null }),
    color: t.intList({ nullable: true, resolve: (p) => (p.color ? [...p.color] : null) }),
  }),
});

/** A noise spec with every default filled in. */
export const NoiseSpecRef = builder.objectRef<NoiseSpec>('NoiseSpec').implement({
  description: 'Everything that determines a set of noise images (defaults filled in).',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    seed: t.float({ resolve: (s) => s.seed }),
    params: t.field({ type: NoiseParams, resolve: (s) => s.params ?? {} }),
    width: t.int({ resolve: (s) => s.width ?? 256 }),
    height: t.int({ resolve: (s) => s.height ?? 256 }),
    channels: t.int({ resolve: (s) => s.channels ?? 3 }),
    rng: t.string({ resolve: (s) => s.rng ?? 'default' }),
  }),
});

const byte = z.number().int().min(0).max(255);

export const NoiseParamsInput = builder.inputType('NoiseParamsInput', {
  description: 'Noise parameters; see noiseKinds for which kind reads which, bounds and defaults.',
  fields: (t) => ({
    mean: t.float({ validate: z.number().finite() }),
    std: t.float({ validate: z.number().finite().min(0) }),
    low: t.int({ validate: byte }),
    high: t.int({ validate: byte }),
    density: t.float({ validate: z.number().min(0).max(1) }),
    scale: t.int({ validate: z.number().int().min(1).max(4096) }),
    color: t.intList({ validate: z.array(byte).min(1).max(3) }),
  }),
});

export const NoiseSpecInput = builder.inputType('NoiseSpecInput', {
  fields: (t) => ({
    kind: t.string({
      required: true,
      description: 'One of the noiseKinds; anything else is UNKNOWN_NOISE_KIND.',
    }),
    seed: t.float({
      required: true,
      validate: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
    }),
    params: t.field({ type: NoiseParamsInput }),
    width: t.int({ validate: z.number().int().min(1).max(4096) }),
    height: t.int({ validate: z.number().int().min(1).max(4096) }),
    channels: t.int({ validate: z.union([z.literal(1), z.literal(3)]) }),
    rng: t.string({ validate: z.enum(['default', 'numpy']) }),
  }),
});

type Maybe<T> = T | null | undefined;
/** The GraphQL input as core's NoiseSpec (nulls dropped; core fills defaults and checks kinds). */
export function toNoiseSpec(input: {
  kind: string;
  seed: number;
  params?: Maybe<Record<string, Maybe<number | number[]>>>;
  width?: Maybe<number>;
  height?: Maybe<number>;
  channels?: Maybe<number>;
  rng?: Maybe<string>;
}): NoiseSpec {
  const params = Object.fromEntries(
    Object.entries(input.params ?? {}).filter(([, v]) => v !== null && v !== undefined),
  );
  const spec: Record<string, unknown> = { kind: input.kind, seed: input.seed };
  if (Object.keys(params).length > 0) spec['params'] = params;
  for (const key of ['width', 'height', 'channels', 'rng'] as const) {
    if (input[key] !== null && input[key] !== undefined) spec[key] = input[key];
  }
  return spec as unknown as NoiseSpec;
}
