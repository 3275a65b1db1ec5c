import { type FoolNoise, type NoiseSpec, validateNoiseSpec } from '@snowblind/core';
import { z } from 'zod';
import { builder, requireToken } from '../builder.js';
import type { ServerContext } from '../context.js';
import type { FoolProgressEvent } from '../services/fool-service.js';
import { FOOL_STATUSES, type FoolRecord } from '../store/fool-store.js';
import { JobErrorRef } from './audits.js';
import { untilFinal } from './job-events.js';
import { NoiseSpecInput, toNoiseSpec } from './noise-kinds.js';

const FoolStatusEnum = builder.enumType('FoolStatus', { values: FOOL_STATUSES });
const FoolMethodEnum = builder.enumType('FoolMethod', {
  description:
    'GRADIENT: projected gradient ascent (Madry et al. 2018); EVOLUTION: an evolution strategy on a low-frequency encoding (forward passes only).',
  values: { GRADIENT: { value: 'gradient' }, EVOLUTION: { value: 'evolution' } } as const,
});

interface Prediction {
  readonly label: string;
  readonly classIndex: number;
  readonly score: number;
}
const FoolPredictionRef = builder.objectRef<Prediction>('FoolPrediction').implement({
  fields: (t) => ({
    label: t.exposeString('label'),
    classIndex: t.exposeInt('classIndex'),
    score: t.exposeFloat('score'),
  }),
});

interface Check {
  readonly constraint: string;
  readonly bound: number | null;
  readonly value: number;
  readonly held: boolean;
}
const ConstraintCheckRef = builder.objectRef<Check>('FoolConstraintCheck').implement({
  description:
    'A bound measured on the found 8-bit image against the start image (bound null: only measured).',
  fields: (t) => ({
    constraint: t.exposeString('constraint'),
    bound: t.float({ nullable: true, resolve: (c) => c.bound }),
    value: t.exposeFloat('value'),
    held: t.exposeBoolean('held'),
  }),
});

const FoolSearchRef = builder.objectRef<FoolRecord>('FoolSearch').implement({
  description: 'A search for the most convincing noise and, once it succeeded, what it found.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: FoolStatusEnum, resolve: (f) => f.status }),
    model: t.exposeString('model'),
    target: t.int({
      nullable: true,
      description: 'The class asked for; null for any.',
      resolve: (f) => (f.target === 'any' ? null : f.target),
    }),
    budget: t.exposeInt('budget'),
    createdAt: t.field({ type: 'DateTime', resolve: (f) => f.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.finishedAt }),
    reachedClass: t.int({ nullable: true, resolve: (f) => f.result?.reachedClass ?? null }),
    label: t.string({ nullable: true, resolve: (f) => f.result?.label ?? null }),
    startConfidence: t.float({ nullable: true, resolve: (f) => f.result?.startConfidence ?? null }),
    confidence: t.float({
      nullable: true,
      description: 'Softmax of the reached class on the found 8-bit image.',
      resolve: (f) => f.result?.confidence ?? null,
    }),
    curve: t.floatList({
      nullable: true,
      description: 'Confidence per iteration; iteration 0 is the start.',
      resolve: (f) => (f.result ? [...f.result.curve] : null),
    }),
    iterations: t.int({ nullable: true, resolve: (f) => f.result?.iterations ?? null }),
    stopReason: t.string({ nullable: true, resolve: (f) => f.result?.stopReason ?? null }),
    top5: t.field({ type: [FoolPredictionRef], nullable: true, resolve: (f) => f.result?.top5 ?? null }),
    constraints: t.field({
      type: [ConstraintCheckRef],
      nullable: true,
      resolve: (f) => f.result?.constraints ?? null,
    }),
    constraintsHeld: t.boolean({ nullable: true, resolve: (f) => f.result?.constraintsHeld ?? null }),
    imageUrl: t.string({
      nullable: true,
      description: 'The found PNG at the model input size, under /artifacts/.',
      resolve: (f, _a, ctx) => (f.result ? `${ctx.origin}/artifacts/${f.result.image}` : null),
    }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (f) => f.error }),
  }),
});

const FoolInput = builder.inputType('FoolInput', {
  description:
    'Start from image `index` of `noise` (at the model input size) and raise `target` (or any class).',
  fields: (t) => ({
    model: t.string({ required: true, validate: z.string().min(1).max(200) }),
    target: t.int({
      description: 'Class index; default any.',
      validate: z.number().int().min(0).max(1_000_000),
    }),
    method: t.field({
      type: FoolMethodEnum,
      description: 'Default GRADIENT when the model gives gradients.',
    }),
    budget: t.int({ defaultValue: 50, validate: z.number().int().min(1).max(10_000) }),
    linf: t.float({
      description: 'L∞ bound in gray levels; 8 when no bound is given.',
      validate: z.number().min(0).max(255),
    }),
    l2: t.float({ validate: z.number().min(0).max(1e7) }),
    smooth: t.int({ validate: z.number().int().min(0).max(255) }),
    noise: t.field({
      type: NoiseSpecInput,
      description: 'Default seed-wrap, seed 0. Size fields are ignored.',
    }),
    index: t.int({ defaultValue: 0, validate: z.number().int().min(0) }),
  }),
});

builder.mutationField('fool', (t) =>
  t.field({
    type: FoolSearchRef,
    description: 'Queue a fool search; follow it with foolProgress, then read foolResult.',
    args: { input: t.arg({ type: FoolInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireToken(ctx);
      const entry = await ctx.services.models.entry(input.model);
      let noise: FoolNoise = { kind: 'seed-wrap', seed: 0 };
      if (input.noise) {
        const { width: _w, height: _h, ...rest } = validateNoiseSpec(toNoiseSpec(input.noise)) as NoiseSpec;
        noise = rest;
      }
      const bounds = Object.fromEntries(
        (['linf', 'l2', 'smooth'] as const).flatMap((k) =>
          input[k] === null || input[k] === undefined ? [] : [[k, input[k]]],
        ),
      );
      return ctx.services.fool.start({
        model: entry.id,
        target: input.target ?? 'any',
        ...(input.method ? { method: input.method } : {}),
        budget: input.budget ?? 50,
        constraints: Object.keys(bounds).length > 0 ? bounds : { linf: 8 },
        noise,
        index: input.index ?? 0,
      });
    },
  }),
);

builder.mutationField('cancelFool', (t) =>
  t.field({
    type: FoolSearchRef,
    description: 'Stop a queued or running fool search within a second; answers with status CANCELLED.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx);
      return ctx.services.fool.cancel(String(id));
    },
  }),
);

builder.queryField('foolResult', (t) =>
  t.field({
    type: FoolSearchRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.fool.get(String(id)),
  }),
);

const FoolProgressRef = builder.objectRef<FoolProgressEvent>('FoolProgress').implement({
  fields: (t) => ({
    foolId: t.exposeID('foolId'),
    status: t.field({ type: FoolStatusEnum, resolve: (e) => e.status }),
    iteration: t.exposeInt('iteration'),
    budget: t.exposeInt('budget'),
    confidence: t.float({ nullable: true, resolve: (e) => e.confidence }),
  }),
});

function foolEvents(ctx: ServerContext, id: string): AsyncGenerator<FoolProgressEvent> {
  return untilFinal(ctx.services.fool.pubsub.subscribe('foolProgress', id), () => {
    const r = ctx.services.fool.get(id);
    return {
      foolId: id,
      status: r.status,
      iteration: r.result?.iterations ?? 0,
      budget: r.budget,
      confidence: r.result?.confidence ?? null,
    };
  });
}

builder.subscriptionField('foolProgress', (t) =>
  t.field({
    type: FoolProgressRef,
    description: 'Iterations and best confidence until the search ends.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => {
      ctx.services.fool.get(String(id));
      return foolEvents(ctx, String(id));
    },
    resolve: (event) => event,
  }),
);
