import { resolveOffsetConnection } from '@pothos/plugin-relay';
import {
  type AuditModelInfo,
  DEFAULT_THRESHOLDS,
  type Describe,
  describe,
  type FractionAbove,
  fractionAbove,
  type LabelCount,
  labelCounts,
} from '@snowblind/core';
import { z } from 'zod';
import { builder, finite, requireToken } from '../builder.js';
import type { ServerContext } from '../context.js';
import { SERVER_AUDIT_LIMITS } from '../services/audit-service.js';
import type { AuditProgressEvent, RunningStats } from '../services/pubsub.js';
import {
  AUDIT_STATUSES,
  type AuditRecord,
  type JobError,
  type RunRecord,
  TERMINAL_STATUSES,
} from '../store/audit-store.js';
import { NoiseSpecInput, NoiseSpecRef, toNoiseSpec } from './noise-kinds.js';
import { OodMetricsRef, OodScoreEnum } from './ood.js';

export const AuditStatusEnum = builder.enumType('AuditStatus', { values: AUDIT_STATUSES });

export const JobErrorRef = builder.objectRef<JobError>('JobError').implement({
  description: 'Why a job stopped: a stable code and a message.',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

const DescribeRef = builder.objectRef<Describe>('Describe').implement({
  description: 'pandas describe() of a series (std with ddof=1, linear percentiles); null where undefined.',
  fields: (t) => ({
    count: t.int({ resolve: (d) => d.count }),
    mean: t.float({ nullable: true, resolve: (d) => finite(d.mean) }),
    std: t.float({ nullable: true, resolve: (d) => finite(d.std) }),
    min: t.float({ nullable: true, resolve: (d) => finite(d.min) }),
    p25: t.float({ nullable: true, resolve: (d) => finite(d['25%']) }),
    p50: t.float({ nullable: true, resolve: (d) => finite(d['50%']) }),
    p75: t.float({ nullable: true, resolve: (d) => finite(d['75%']) }),
    max: t.float({ nullable: true, resolve: (d) => finite(d.max) }),
  }),
});

const LabelCountRef = builder.objectRef<LabelCount>('LabelCount').implement({
  fields: (t) => ({ label: t.exposeString('label'), count: t.exposeInt('count') }),
});

const FractionAboveRef = builder.objectRef<FractionAbove>('FractionAbove').implement({
  description: 'Share of images whose top-1 confidence is strictly above a threshold.',
  fields: (t) => ({
    threshold: t.exposeFloat('threshold'),
    fraction: t.float({ nullable: true, resolve: (f) => finite(f.fraction) }),
    count: t.exposeInt('count'),
  }),
});

const ModelInfoRef = builder.objectRef<AuditModelInfo>('AuditModelInfo').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    format: t.exposeString('format'),
    backend: t.exposeString('backend'),
    engine: t.string({
      description: 'onnxruntime (`onnx`: ONNX models and converted TF.js models) or TF.js (`tfjs`).',
      // Audits stored before the engine was recorded: onnxruntime exactly when the backend says so.
      resolve: (m) => m.engine ?? (m.backend === 'onnx' ? 'onnx' : 'tfjs'),
    }),
    fallback: t.string({
      nullable: true,
      description:
        'Why a TF.js model ran on TF.js rather than converted (the layer or op that does not convert).',
      resolve: (m) => m.fallback ?? null,
    }),
    preset: t.exposeString('preset'),
    outputKind: t.exposeString('outputKind'),
    numClasses: t.exposeInt('numClasses'),
  }),
});

/** A run's describe(): stored when the audit finished, else computed from the samples so far. */
function runDescribe(run: RunRecord, ctx: ServerContext): Describe {
  return run.summary?.describe ?? describe(ctx.services.auditStore.columns(run.auditId, run.runIndex).score);
}

export const AuditRunRef = builder.objectRef<RunRecord>('AuditRun').implement({
  description: 'One model on one noise spec.',
  fields: (t) => ({
    index: t.int({ resolve: (r) => r.runIndex }),
    model: t.exposeString('model'),
    kind: t.exposeString('kind'),
    noise: t.field({ type: NoiseSpecRef, resolve: (r) => r.spec }),
    modelInfo: t.field({ type: ModelInfoRef, nullable: true, resolve: (r) => r.modelInfo }),
    describe: t.field({
      type: DescribeRef,
      description: 'describe() of the top-1 confidence (MSP).',
      resolve: (r, _args, ctx) => runDescribe(r, ctx),
    }),
    maxLogit: t.field({
      type: DescribeRef,
      nullable: true,
      description: 'describe() of the max logit; null for models that output probabilities.',
      resolve: (r, _args, ctx) => {
        if (r.summary) return r.summary.maxLogit;
        const c = ctx.services.auditStore.columns(r.auditId, r.runIndex).maxLogit;
        return c ? describe(c) : null;
      },
    }),
    energy: t.field({
      type: DescribeRef,
      nullable: true,
      resolve: (r, _args, ctx) => {
        if (r.summary) return r.summary.energy;
        const c = ctx.services.auditStore.columns(r.auditId, r.runIndex).energy;
        return c ? describe(c) : null;
      },
    }),
    labelCounts: t.field({
      type: [LabelCountRef],
      description: 'value_counts() of the top-1 labels, most frequent first.',
      args: { first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(10_000) }) },
      resolve: (r, { first }, ctx) =>
        (
          r.summary?.labelCounts ?? labelCounts(ctx.services.auditStore.columns(r.auditId, r.runIndex).labels)
        ).slice(0, first ?? 20),
    }),
    fractionAbove: t.field({
      type: [FractionAboveRef],
      args: {
        thresholds: t.arg.floatList({
          defaultValue: [...DEFAULT_THRESHOLDS],
          validate: z.array(z.number().min(0).max(1)).min(1).max(100),
        }),
      },
      resolve: (r, { thresholds }, ctx) =>
        fractionAbove(
          ctx.services.auditStore.columns(r.auditId, r.runIndex).score,
          thresholds ?? [...DEFAULT_THRESHOLDS],
        ),
    }),
    ood: t.field({
      type: OodMetricsRef,
      nullable: true,
      description:
        'OOD metrics against real images, computed when asked and cached: an uploaded image set (inDistributionSet, any model), else fashion-mnist-test (28×28 gray models only; others are NO_IN_DISTRIBUTION_DATA). Null for MAX_LOGIT and ENERGY when the model outputs probabilities (modelInfo.outputKind): those scores are read from logits, so only MSP exists.',
      complexity: 50,
      args: {
        score: t.arg({ type: OodScoreEnum, defaultValue: 'msp' }),
        inDistributionLimit: t.arg.int({
          defaultValue: 1000,
          validate: z.number().int().min(10).max(10_000),
        }),
        inDistributionSet: t.arg.id({
          description: 'An uploaded image set (imageSets, uploadImageSet); the built-in set when absent.',
        }),
      },
      resolve: (r, args, ctx) =>
        ctx.services.ood.metrics(
          r.auditId,
          r.runIndex,
          r.model,
          args.score ?? 'msp',
          args.inDistributionLimit ?? 1000,
          args.inDistributionSet == null ? null : String(args.inDistributionSet),
          () => requireToken(ctx, 'computing OOD metrics (a job over the real images)'),
        ),
    }),
    oodInDistribution: t.string({
      nullable: true,
      description:
        'The built-in in-distribution set ood compares this run with by default (fashion-mnist-test), null when its model has none (not 28×28 gray): ood is then NO_IN_DISTRIBUTION_DATA unless given an uploaded inDistributionSet.',
      resolve: async (r, _args, ctx) =>
        (await ctx.services.ood.inDistributionOf(await ctx.services.models.entry(r.model))).set,
    }),
  }),
});

const RunningStatsRef = builder.objectRef<RunningStats>('RunningStats').implement({
  fields: (t) => ({
    runIndex: t.exposeInt('runIndex'),
    model: t.exposeString('model'),
    kind: t.exposeString('kind'),
    processed: t.exposeInt('processed'),
    meanScore: t.float({ nullable: true, resolve: (s) => finite(s.meanScore) }),
    maxScore: t.float({ nullable: true, resolve: (s) => finite(s.maxScore) }),
    topLabel: t.string({ nullable: true, resolve: (s) => s.topLabel }),
    topLabelCount: t.exposeInt('topLabelCount'),
  }),
});

export const AuditProgressRef = builder.objectRef<AuditProgressEvent>('AuditProgress').implement({
  description: 'Images per run committed so far, throughput, and running statistics.',
  fields: (t) => ({
    auditId: t.exposeID('auditId'),
    status: t.field({ type: AuditStatusEnum, resolve: (p) => p.status }),
    processed: t.exposeInt('processed'),
    total: t.exposeInt('total'),
    fraction: t.float({ resolve: (p) => (p.total > 0 ? p.processed / p.total : 0) }),
    imagesPerSecond: t.float({
      description:
        'Per run, over the working time since the audit last started or resumed (not the time it sat queued or stopped).',
      resolve: (p) => finite(p.imagesPerSecond) ?? 0,
    }),
    etaSeconds: t.float({
      description: 'Seconds left at imagesPerSecond; null until a batch of this stretch is committed.',
      nullable: true,
      resolve: (p) => finite(p.etaSeconds),
    }),
    runs: t.field({ type: [RunningStatsRef], resolve: (p) => [...p.runs] }),
  }),
});

export const AuditRef = builder.objectRef<AuditRecord>('Audit').implement({
  description: 'An audit job: every model on every noise spec, count images each.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: AuditStatusEnum, resolve: (a) => a.status }),
    createdAt: t.field({ type: 'DateTime', resolve: (a) => a.createdAt }),
    startedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it first started running (a resume keeps it).',
      resolve: (a) => a.startedAt,
    }),
    finishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last stopped (succeeded, failed, cancelled); null while queued or running.',
      resolve: (a) => a.finishedAt,
    }),
    workingSeconds: t.exposeFloat('workingSeconds', {
      description:
        'Seconds spent running, summed over the first start and every resume: not the time the audit sat queued, cancelled or interrupted (so images / workingSeconds is its real rate). Up to now while it runs.',
    }),
    count: t.exposeInt('count'),
    seed: t.float({ resolve: (a) => a.seed }),
    batchSize: t.exposeInt('batchSize'),
    topK: t.exposeInt('topK'),
    models: t.stringList({ resolve: (a) => [...a.models] }),
    noise: t.field({ type: [NoiseSpecRef], resolve: (a) => [...a.noise] }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (a) => a.error }),
    progress: t.field({
      type: AuditProgressRef,
      resolve: (a, _args, ctx) => ctx.services.audits.progress(a),
    }),
    runs: t.field({ type: [AuditRunRef], resolve: (a, _args, ctx) => ctx.services.auditStore.runs(a.id) }),
  }),
});

builder.queryField('audits', (t) =>
  t.connection({
    type: AuditRef,
    description: 'Audits, newest first.',
    resolve: (_root, args, ctx) =>
      resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ offset, limit }) =>
        ctx.services.auditStore.list(offset, limit),
      ),
  }),
);

builder.queryField('audit', (t) =>
  t.field({
    type: AuditRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.audits.get(String(id)),
  }),
);

const StartAuditInput = builder.inputType('StartAuditInput', {
  fields: (t) => ({
    models: t.stringList({
      required: true,
      validate: z.array(z.string().min(1).max(200)).min(1).max(SERVER_AUDIT_LIMITS.maxModels),
    }),
    noise: t.field({
      type: [NoiseSpecInput],
      required: true,
      validate: z.array(z.unknown()).min(1).max(SERVER_AUDIT_LIMITS.maxNoise),
    }),
    count: t.int({ required: true, validate: z.number().int().min(1).max(SERVER_AUDIT_LIMITS.maxCount) }),
    batchSize: t.int({
      defaultValue: 32,
      validate: z.number().int().min(1).max(SERVER_AUDIT_LIMITS.maxBatchSize),
    }),
    topK: t.int({ defaultValue: 5, validate: z.number().int().min(1).max(SERVER_AUDIT_LIMITS.maxTopK) }),
  }),
});

builder.mutationField('startAudit', (t) =>
  t.field({
    type: AuditRef,
    description: 'Queue an audit; follow it with the auditProgress subscription.',
    args: { input: t.arg({ type: StartAuditInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireToken(ctx);
      return ctx.services.audits.start({
        models: input.models,
        noise: input.noise.map(toNoiseSpec),
        count: input.count,
        batchSize: input.batchSize ?? 32,
        topK: input.topK ?? 5,
      });
    },
  }),
);

builder.mutationField('cancelAudit', (t) =>
  t.field({
    type: AuditRef,
    description:
      'Stop a queued or running audit (within a second: a worker busy in a long step is replaced); answers with status CANCELLED. Committed batches stay, so resumeAudit continues it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx);
      return ctx.services.audits.cancel(String(id));
    },
  }),
);

builder.mutationField('resumeAudit', (t) =>
  t.field({
    type: AuditRef,
    description: 'Continue an interrupted (or cancelled, failed) audit from its last committed batch.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx);
      return ctx.services.audits.resume(String(id));
    },
  }),
);

async function* auditEvents(ctx: ServerContext, id: string): AsyncGenerator<AuditProgressEvent> {
  const source = ctx.services.pubsub.subscribe('auditProgress', id);
  const iterator = source[Symbol.asyncIterator]();
  try {
    const audit = ctx.services.audits.get(id);
    const first = ctx.services.audits.progress(audit);
    yield first;
    if (TERMINAL_STATUSES.has(first.status)) return;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
      if (TERMINAL_STATUSES.has(next.value.status)) return;
    }
  } finally {
    await iterator.return?.();
  }
}

builder.subscriptionField('auditProgress', (t) =>
  t.field({
    type: AuditProgressRef,
    description: 'Progress after every committed batch, ending with the terminal status.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, ctx) => {
      ctx.services.audits.get(String(id));
      return auditEvents(ctx, String(id));
    },
    resolve: (event) => event,
  }),
);
