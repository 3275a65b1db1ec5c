import { type NoiseSpec, validateNoiseSpec } from '@snowblind/core';
import { z } from 'zod';
import { builder, requireToken } from '../builder.js';
import type { ServerContext } from '../context.js';
import { coded } from '../errors.js';
import { EXPLAIN_METHODS, type ExplainJob } from '../jobs/job-types.js';
import type { ExplainProgressEvent } from '../services/pubsub.js';
import { checkImageUpload, readUpload } from '../services/uploads.js';
import { EXPLANATION_STATUSES, type ExplanationRecord } from '../store/explain-store.js';
import { JobErrorRef } from './audits.js';
import { untilFinal } from './job-events.js';
import { NoiseSpecInput, toNoiseSpec } from './noise-kinds.js';

const ExplanationStatusEnum = builder.enumType('ExplanationStatus', { values: EXPLANATION_STATUSES });
const MethodEnum = builder.enumType('AttributionMethod', {
  description:
    'INTEGRATED_GRADIENTS (Sundararajan et al. 2017), SALIENCY (Simonyan et al. 2013), NOISE_TUNNEL over IG (Smilkov et al. 2017), OCCLUSION (Zeiler & Fergus 2014).',
  values: EXPLAIN_METHODS,
});
const SignEnum = builder.enumType('AttributionSign', {
  values: {
    POSITIVE: { value: 'positive' },
    NEGATIVE: { value: 'negative' },
    ABSOLUTE_VALUE: { value: 'absolute_value' },
    ALL: { value: 'all' },
  } as const,
});
const NtTypeEnum = builder.enumType('NoiseTunnelType', {
  values: {
    SMOOTHGRAD: { value: 'smoothgrad' },
    SMOOTHGRAD_SQ: { value: 'smoothgrad_sq' },
    VARGRAD: { value: 'vargrad' },
  } as const,
});

const artifactUrl = (ctx: ServerContext, name: string | undefined) =>
  name ? `${ctx.origin}/artifacts/${name}` : null;

const ExplanationRef = builder.objectRef<ExplanationRecord>('Explanation').implement({
  description: 'An attribution job and, once it succeeded, its heat maps.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: ExplanationStatusEnum, resolve: (e) => e.status }),
    model: t.exposeString('model'),
    method: t.exposeString('method'),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.finishedAt }),
    target: t.int({ nullable: true, resolve: (e) => e.result?.target ?? null }),
    targetLabel: t.string({ nullable: true, resolve: (e) => e.result?.targetLabel ?? null }),
    score: t.float({
      nullable: true,
      description: 'Softmax probability of the target.',
      resolve: (e) => e.result?.score ?? null,
    }),
    delta: t.float({
      nullable: true,
      description: 'IG convergence delta Σ attributions − (F(x) − F(baseline)); null for other methods.',
      resolve: (e) => e.result?.delta ?? null,
    }),
    heatmapUrl: t.string({ nullable: true, resolve: (e, _a, ctx) => artifactUrl(ctx, e.result?.heatmap) }),
    blendedUrl: t.string({ nullable: true, resolve: (e, _a, ctx) => artifactUrl(ctx, e.result?.blended) }),
    originalUrl: t.string({ nullable: true, resolve: (e, _a, ctx) => artifactUrl(ctx, e.result?.original) }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (e) => e.error }),
  }),
});

const SampleRefInput = builder.inputType('SampleRefInput', {
  description: 'A sample of an audit: its run (default 0) and image index.',
  fields: (t) => ({
    auditId: t.id({ required: true }),
    run: t.int({ defaultValue: 0, validate: z.number().int().min(0).max(1000) }),
    index: t.int({ required: true, validate: z.number().int().min(0) }),
  }),
});

const NoiseImageInput = builder.inputType('NoiseImageInput', {
  fields: (t) => ({
    spec: t.field({ type: NoiseSpecInput, required: true }),
    index: t.int({ required: true, validate: z.number().int().min(0) }),
  }),
});

const dims = z.array(z.number().int().min(1).max(4096)).min(1).max(4);
const AttributionParamsInput = builder.inputType('AttributionParamsInput', {
  description:
    "Captum's parameters: nSteps/internalBatchSize (IG), ntType/ntSamples/stdevs/seed (noise tunnel), slidingWindow/strides/baseline (occlusion, in the model's layout).",
  fields: (t) => ({
    nSteps: t.int({ validate: z.number().int().min(1).max(1000) }),
    internalBatchSize: t.int({ validate: z.number().int().min(1).max(4096) }),
    memoryBudgetMb: t.int({
      description:
        "MB one IG gradient batch may take, picking internalBatchSize from the model's estimate; at most the server's default (2000).",
      validate: z.number().int().min(1).max(2000),
    }),
    ntType: t.field({ type: NtTypeEnum }),
    ntSamples: t.int({ validate: z.number().int().min(1).max(100) }),
    stdevs: t.float({ validate: z.number().min(0).max(100) }),
    seed: t.int({ validate: z.number().int().min(0) }),
    slidingWindow: t.intList({ validate: dims }),
    strides: t.intList({ validate: dims }),
    baseline: t.float({ validate: z.number().finite() }),
  }),
});

const ExplainInput = builder.inputType('ExplainInput', {
  description: 'Exactly one of sample, noise and image.',
  fields: (t) => ({
    model: t.string({ required: true, validate: z.string().min(1).max(200) }),
    method: t.field({ type: MethodEnum, required: true }),
    sample: t.field({ type: SampleRefInput }),
    noise: t.field({ type: NoiseImageInput }),
    image: t.field({ type: 'File', description: 'A PNG/JPEG up to 50 MB and 4096×4096.' }),
    target: t.int({
      description: 'Class index; default the top-1 class.',
      validate: z.number().int().min(0).max(1_000_000),
    }),
    params: t.field({ type: AttributionParamsInput }),
    sign: t.field({ type: SignEnum, defaultValue: 'absolute_value' }),
    outlierPerc: t.float({ defaultValue: 2, validate: z.number().min(0).max(100) }),
  }),
});

builder.mutationField('explain', (t) =>
  t.field({
    type: ExplanationRef,
    description: 'Queue an attribution; follow it with attributionProgress, then read the heat map URLs.',
    args: { input: t.arg({ type: ExplainInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireToken(ctx);
      const sources = [input.sample, input.noise, input.image].filter((s) => s !== null && s !== undefined);
      if (sources.length !== 1) throw coded('BAD_INPUT', 'give exactly one of sample, noise and image');
      const entry = await ctx.services.models.entry(input.model);
      let image: ExplainJob['image'];
      if (input.sample) {
        const audit = ctx.services.audits.get(String(input.sample.auditId));
        const run = ctx.services.auditStore.runs(audit.id)[input.sample.run ?? 0];
        if (!run) throw coded('BAD_INPUT', `audit ${audit.id} has no run ${input.sample.run}`);
        if (input.sample.index >= audit.count)
          throw coded('BAD_INPUT', `index ${input.sample.index} is past the audit's ${audit.count} images`);
        image = { kind: 'noise', spec: run.spec, index: input.sample.index };
      } else if (input.noise) {
        image = {
          kind: 'noise',
          spec: validateNoiseSpec(toNoiseSpec(input.noise.spec)) as NoiseSpec,
          index: input.noise.index,
        };
      } else {
        const bytes = await readUpload(input.image, 'image');
        await checkImageUpload(bytes);
        image = { kind: 'bytes', data: bytes };
      }
      const p = input.params ?? {};
      const params = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
      return ctx.services.explain.start({
        model: entry.id,
        image,
        method: input.method,
        params,
        ...(input.target === null || input.target === undefined ? {} : { target: input.target }),
        sign: input.sign ?? 'absolute_value',
        outlierPerc: input.outlierPerc ?? 2,
      });
    },
  }),
);

builder.mutationField('cancelExplanation', (t) =>
  t.field({
    type: ExplanationRef,
    description: 'Stop a queued or running explanation within a second; answers with status CANCELLED.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx);
      return ctx.services.explain.cancel(String(id));
    },
  }),
);

builder.queryField('explanation', (t) =>
  t.field({
    type: ExplanationRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.explain.get(String(id)),
  }),
);

const AttributionProgressRef = builder.objectRef<ExplainProgressEvent>('AttributionProgress').implement({
  description:
    'Where an explanation stands: sent when it starts running, after each internal batch of its method, and when it ends.',
  fields: (t) => ({
    explanationId: t.exposeID('explanationId'),
    status: t.field({ type: ExplanationStatusEnum, resolve: (e) => e.status }),
    done: t.exposeInt('done', {
      description:
        'Units done: IG steps; IG steps over every sample for NOISE_TUNNEL (ntSamples × nSteps in all); occlusion windows; 1 gradient pass for SALIENCY. Equals total on success.',
    }),
    total: t.exposeInt('total', {
      description: 'Units in all; 0 until the job has loaded its model and planned its work.',
    }),
    elapsedSeconds: t.float({
      nullable: true,
      description:
        'Seconds since the job started running (time waiting in the queue is not counted); its whole running time in the event that ends it; null while queued and for an explanation that ended before the subscription.',
      resolve: (e) => e.elapsedSeconds,
    }),
    etaSeconds: t.float({
      nullable: true,
      description:
        'Estimated seconds left, at the rate since the job planned its work (model loading excluded); null until the first unit is done and once it ended.',
      resolve: (e) => e.etaSeconds,
    }),
  }),
});

function attributionEvents(ctx: ServerContext, id: string): AsyncGenerator<ExplainProgressEvent> {
  return untilFinal(ctx.services.pubsub.subscribe('explainProgress', id), () =>
    ctx.services.explain.progress(id),
  );
}

builder.subscriptionField('attributionProgress', (t) =>
  t.field({
    type: AttributionProgressRef,
    description:
      'Progress of an explanation (units done, elapsed time, ETA): where it stands now, then every event until it ends.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => {
      ctx.services.explain.get(String(id));
      return attributionEvents(ctx, String(id));
    },
    resolve: (event) => event,
  }),
);
