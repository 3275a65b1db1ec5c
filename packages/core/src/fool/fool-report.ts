import { z } from 'zod';
import { hostCores, snowblindVersion } from '../audit/index.js';
import { SnowblindError } from '../errors.js';
import { auditReportSchema } from '../report/index.js';
import type { FoolResult, FoolTargetsResult, OodGroup, ScoreSummary } from './types.js';

/** Version of the fool report layout; {@link parseFoolReport} rejects others. */
export const FOOL_REPORT_SCHEMA_VERSION = 1;

// The model and noise blocks are the audit report's own, so both kinds of report describe a
// model and a noise spec in exactly the same shape.
const auditRun = auditReportSchema.shape.runs.element.shape;
const probability = z.number().min(0).max(1);
const stat = z.number().nullable();

const summarySchema = z.object({ count: z.number().int().nonnegative(), mean: stat, min: stat, max: stat });

const resultSchema = z.object({
  target: z.union([z.number().int().nonnegative(), z.literal('any')]),
  reachedClass: z.number().int().nonnegative(),
  label: z.string(),
  method: z.enum(['gradient', 'evolution']),
  encoding: z.enum(['pixels', 'low-frequency', 'noise-params']).nullable(),
  step: z.enum(['sign', 'l2']).nullable(),
  index: z.number().int().nonnegative().describe('Start image index in the noise set.'),
  startConfidence: probability,
  confidence: probability.describe('Softmax of reachedClass on the found 8-bit image.'),
  presetConfidence: probability.describe('The same through the full preset (resize and crop included).'),
  curve: z.array(probability).describe('Target confidence per iteration, 0 = start.'),
  iterations: z.number().int().nonnegative(),
  evaluations: z.number().int().nonnegative(),
  stopReason: z.enum(['goal', 'budget', 'stalled']),
  top5: z.array(
    z.object({ label: z.string(), classIndex: z.number().int().nonnegative(), score: probability }),
  ),
  constraints: z.array(
    z.object({
      constraint: z.enum(['linf', 'l2', 'smooth', 'noise-params']),
      bound: z.number().nullable(),
      value: z.number(),
      held: z.boolean(),
    }),
  ),
  constraintsHeld: z.boolean(),
  bounds: z.object({ linf: z.number().optional(), l2: z.number().optional(), smooth: z.number().optional() }),
  params: z.record(z.string(), z.union([z.number(), z.array(z.number())])).nullable(),
  scores: z.object({ msp: probability, maxLogit: z.number().nullable(), energy: z.number().nullable() }),
  settings: z.record(z.string(), z.union([z.number(), z.string()])),
  image: z.string().optional().describe('PNG of the found image, when one was written.'),
});

const groupSchema = z.object({
  name: z.string(),
  msp: summarySchema,
  maxLogit: summarySchema.nullable(),
  energy: summarySchema.nullable(),
  aurocVsReal: z.object({ msp: stat, maxLogit: stat, energy: stat }).nullable(),
});

/** zod schema of a snowblind JSON fool report: the audit report's sibling (`kind: 'fool'`). */
export const foolReportSchema = z
  .object({
    kind: z.literal('fool'),
    schemaVersion: z.literal(FOOL_REPORT_SCHEMA_VERSION),
    snowblindVersion: z.string(),
    nodeVersion: z.string(),
    hostCores: z.number().int().positive(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    model: auditRun.model,
    noise: auditRun.noise,
    results: z.array(resultSchema).min(1),
    maxByTarget: z.array(
      z.object({
        target: z.union([z.number().int().nonnegative(), z.literal('any')]),
        label: z.string(),
        startConfidence: probability,
        maxConfidence: probability,
        result: z.number().int().nonnegative(),
      }),
    ),
    ood: z.object({ groups: z.array(groupSchema) }),
  })
  .describe('snowblind fool report');

/** A parsed, valid fool report. */
export type FoolReport = z.output<typeof foolReportSchema>;

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function summaryJson(s: ScoreSummary) {
  return { count: s.count, mean: finiteOrNull(s.mean), min: finiteOrNull(s.min), max: finiteOrNull(s.max) };
}

function groupJson(g: OodGroup) {
  return {
    name: g.name,
    msp: summaryJson(g.msp),
    maxLogit: g.maxLogit ? summaryJson(g.maxLogit) : null,
    energy: g.energy ? summaryJson(g.energy) : null,
    aurocVsReal: g.aurocVsReal
      ? {
          msp: finiteOrNull(g.aurocVsReal.msp),
          maxLogit: g.aurocVsReal.maxLogit === null ? null : finiteOrNull(g.aurocVsReal.maxLogit),
          energy: g.aurocVsReal.energy === null ? null : finiteOrNull(g.aurocVsReal.energy),
        }
      : null,
  };
}

function resultJson(r: FoolResult, image: string | undefined) {
  return {
    target: r.target,
    reachedClass: r.reachedClass,
    label: r.label,
    method: r.method,
    encoding: r.encoding,
    step: r.step,
    index: r.index,
    startConfidence: r.startConfidence,
    confidence: r.confidence,
    presetConfidence: r.presetConfidence,
    curve: [...r.curve],
    iterations: r.iterations,
    evaluations: r.evaluations,
    stopReason: r.stopReason,
    top5: r.top5.map((p) => ({ label: p.label, classIndex: p.classIndex, score: p.score })),
    constraints: r.constraints.map((c) => ({ ...c })),
    constraintsHeld: r.constraintsHeld,
    bounds: { ...r.bounds },
    params: r.params ? JSON.parse(JSON.stringify(r.params)) : null,
    scores: { ...r.scores },
    settings: { ...r.settings },
    ...(image === undefined ? {} : { image }),
  };
}

/**
 * Turn a {@link FoolTargetsResult} into a JSON-safe {@link FoolReport}, checked against
 * {@link foolReportSchema} so a report that leaves here always parses back.
 *
 * @param images - file names of the PNGs written for `results`, in the same order.
 */
export function toFoolReport(result: FoolTargetsResult, images: readonly string[] = []): FoolReport {
  const report = {
    kind: 'fool' as const,
    schemaVersion: FOOL_REPORT_SCHEMA_VERSION,
    snowblindVersion: snowblindVersion(),
    nodeVersion: process.version,
    hostCores: hostCores(),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    model: { ...result.model },
    noise: JSON.parse(JSON.stringify(result.results[0]!.noise)),
    results: result.results.map((r, i) => resultJson(r, images[i])),
    maxByTarget: result.maxByTarget.map((m) => ({ ...m })),
    ood: { groups: result.ood.groups.map(groupJson) },
  };
  const parsed = foolReportSchema.safeParse(report);
  if (!parsed.success) {
    throw new SnowblindError('INTERNAL', `fool report does not match its schema: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * Validate untrusted JSON as a {@link FoolReport}.
 * @throws SnowblindError `REPORT_INVALID` naming every offending path, or the unsupported version.
 */
export function parseFoolReport(json: unknown): FoolReport {
  const parsed = foolReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
  throw new SnowblindError('REPORT_INVALID', `invalid snowblind fool report: ${issues.join('; ')}`, {
    hint: 'Only pass JSON written by `snowblind fool --json` or toFoolReport().',
  });
}
