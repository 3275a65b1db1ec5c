import type { Preset, RegistryEntry } from '@snowblind/core';
import { builder } from '../builder.js';

const PresetRef = builder.objectRef<Preset>('Preset').implement({
  description:
    'How a model wants its input (torchvision Resize → CenterCrop → ToTensor → Normalize, generalised).',
  fields: (t) => ({
    name: t.exposeString('name'),
    resize: t.intList({
      nullable: true,
      description: 'Shorter side [n], or exact [height, width]; null to skip.',
      resolve: (p) => (p.resize === null ? null : typeof p.resize === 'number' ? [p.resize] : [...p.resize]),
    }),
    crop: t.intList({ nullable: true, resolve: (p) => (p.crop ? [...p.crop] : null) }),
    layout: t.exposeString('layout'),
    channelOrder: t.exposeString('channelOrder'),
    grayscale: t.exposeBoolean('grayscale'),
    scale: t.exposeFloat('scale'),
    mean: t.floatList({ resolve: (p) => [...p.mean] }),
    std: t.floatList({ resolve: (p) => [...p.std] }),
  }),
});

/** A registered model. */
export const ModelRef = builder.objectRef<RegistryEntry>('Model').implement({
  description: 'A model the server can audit: built-in (models root) or registered through the API.',
  fields: (t) => ({
    id: t.exposeID('id'),
    format: t.exposeString('format', { description: 'onnx, tfjs-layers or tfjs-graph.' }),
    source: t.exposeString('source', { description: 'builtin or user.' }),
    sha256: t.string({
      description: 'sha256 of the model file, or a JSON map of file → sha256 for multi-file models.',
      resolve: (e) => (typeof e.sha256 === 'string' ? e.sha256 : JSON.stringify(e.sha256)),
    }),
    description: t.string({ nullable: true, resolve: (e) => e.description ?? null }),
    license: t.string({ nullable: true, resolve: (e) => e.license ?? null }),
    isDefault: t.boolean({ resolve: (e) => e.default === true }),
    inputShape: t.intList({
      nullable: { list: true, items: true },
      resolve: (e) => (e.inputShape ? [...e.inputShape] : null),
    }),
    labels: t.stringList({
      description: 'Class names in output order (empty when the registry does not say).',
      resolve: async (e, _args, ctx) => [...(await ctx.services.models.labels(e))],
    }),
    preset: t.field({ type: PresetRef, resolve: (e, _args, ctx) => ctx.services.models.preset(e) }),
    card: t.string({
      nullable: true,
      description: 'The model card (Markdown), when the model has one.',
      resolve: (e, _args, ctx) => ctx.services.models.card(e),
    }),
  }),
});

builder.queryField('models', (t) =>
  t.field({ type: [ModelRef], resolve: (_root, _args, ctx) => ctx.services.models.list() }),
);

builder.queryField('model', (t) =>
  t.field({
    type: ModelRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.models.entry(String(id)),
  }),
);
