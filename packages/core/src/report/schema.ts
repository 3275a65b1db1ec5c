import { z } from 'zod';
import { NOISE_KINDS } from '../noise/types.js';

/**
 * Version of the JSON report layout. Bumped on any change that an old reader could misread;
 * {@link parseReport} rejects other versions.
 */
export const REPORT_SCHEMA_VERSION = 1;

/** A statistic that may be undefined (NaN in memory) is `null` in JSON. */
const stat = z.number().nullable();

const describeSchema = z
  .object({
    count: z.number().int().nonnegative(),
    mean: stat,
    std: stat.describe('Sample standard deviation (ddof = 1); null for fewer than two values.'),
    min: stat,
    '25%': stat,
    '50%': stat,
    '75%': stat,
    max: stat,
  })
  .describe('pandas Series.describe(): percentiles by linear interpolation.');

const modelSchema = z.object({
  id: z.string(),
  format: z.enum(['onnx', 'tfjs-layers', 'tfjs-graph']),
  backend: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'onnx']),
  engine: z
    .enum(['onnx', 'tfjs'])
    .optional()
    .describe(
      'Engine that ran the model: onnx (onnxruntime: ONNX models and TF.js models converted to ONNX) or tfjs. Absent in reports written before it was recorded; `backend` says the same there.',
    ),
  fallback: z
    .string()
    .optional()
    .describe(
      'Why a TF.js model ran on TF.js instead of converted to ONNX: the layer or op that does not convert.',
    ),
  preset: z.string().describe('Name of the preprocessing preset.'),
  outputKind: z.enum(['logits', 'probabilities']),
  numClasses: z.number().int().positive(),
});

const noiseSchema = z
  .object({
    kind: z.enum(NOISE_KINDS),
    params: z.record(z.string(), z.union([z.number(), z.array(z.number())])).optional(),
    seed: z.number().int().nonnegative(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    rng: z.enum(['default', 'numpy']).optional(),
  })
  .describe('The noise spec, defaults filled in: enough to regenerate every image.');

const timingsSchema = z
  .object({
    noiseMs: z.number().nonnegative(),
    preprocessMs: z.number().nonnegative(),
    inferenceMs: z.number().nonnegative(),
    aggregationMs: z.number().nonnegative(),
    totalMs: z.number().nonnegative(),
    imagesPerSecond: z.number().nonnegative(),
  })
  .describe('Milliseconds per stage; noise and preprocessing shared by a preset group count for each model.');

const sampleSchema = z.object({
  index: z.number().int().nonnegative().describe('Image index in the noise set.'),
  topK: z.array(
    z.object({
      label: z.string(),
      classIndex: z.number().int().nonnegative(),
      score: z.number().describe('Softmax probability.'),
    }),
  ),
  maxLogit: z.number().optional().describe('Max logit of the image (logit models only).'),
  energy: z.number().optional().describe('Energy score logsumexp(logits) of the image (logit models only).'),
});

const oodMetricsSchema = z
  .object({
    auroc: stat,
    auprIn: stat,
    auprOut: stat,
    fprAtTpr: stat,
    tpr: z.number(),
  })
  .describe(
    'OpenOOD metrics with noise as the positive class; FPR read at the first threshold reaching `tpr`.',
  );

const oodSchema = z
  .object({
    dataset: z.string().describe('Name of the in-distribution set.'),
    count: z.number().int().positive(),
    accuracy: z.number().min(0).max(1).optional().describe('Top-1 accuracy on the in-distribution set.'),
    msp: oodMetricsSchema,
    maxLogit: oodMetricsSchema.nullable(),
    energy: oodMetricsSchema.nullable(),
  })
  .describe('Noise against real in-distribution images, per detector score.');

const runSchema = z.object({
  model: modelSchema,
  kind: z.enum(NOISE_KINDS),
  noise: noiseSchema,
  startIndex: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  describe: describeSchema.describe('describe() of the top-1 softmax confidence.'),
  labelCounts: z
    .array(z.object({ label: z.string(), count: z.number().int().positive() }))
    .describe('value_counts() of the top-1 labels, in pandas order.'),
  fractionAbove: z.array(
    z.object({
      threshold: z.number(),
      fraction: z.number().min(0).max(1),
      count: z.number().int().nonnegative(),
    }),
  ),
  scores: z
    .object({
      msp: describeSchema,
      maxLogit: describeSchema.nullable(),
      energy: describeSchema.nullable(),
    })
    .describe('OOD detector scores (OpenOOD names); maxLogit and energy are null for probability outputs.'),
  samples: z.array(sampleSchema).optional(),
  ood: oodSchema.optional(),
  timings: timingsSchema,
});

/** zod schema of a snowblind JSON audit report, {@link REPORT_SCHEMA_VERSION} 1. */
export const auditReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    snowblindVersion: z.string(),
    nodeVersion: z.string(),
    hostCores: z.number().int().positive(),
    seed: z.number().int().nonnegative().describe('Seed of the first noise spec.'),
    startIndex: z.number().int().nonnegative(),
    count: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    topK: z.number().int().positive(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    runs: z.array(runSchema).min(1).describe('One run per (model, noise spec), models outer.'),
  })
  .describe('snowblind audit report');

/** A parsed, valid snowblind JSON audit report. */
export type AuditReport = z.output<typeof auditReportSchema>;

/** One (model, noise spec) run of an {@link AuditReport}. */
export type AuditReportRun = AuditReport['runs'][number];
