import type { AuditOod, AuditResult, Describe, OodMetrics } from '../audit/index.js';
import { SnowblindError } from '../errors.js';
import { type AuditReport, auditReportSchema, REPORT_SCHEMA_VERSION } from './schema.js';

/** NaN and ±Infinity have no JSON form: they become `null`. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function describeToJson(d: Describe): AuditReport['runs'][number]['describe'] {
  return {
    count: d.count,
    mean: finiteOrNull(d.mean),
    std: finiteOrNull(d.std),
    min: finiteOrNull(d.min),
    '25%': finiteOrNull(d['25%']),
    '50%': finiteOrNull(d['50%']),
    '75%': finiteOrNull(d['75%']),
    max: finiteOrNull(d.max),
  };
}

function metricsToJson(m: OodMetrics) {
  return {
    auroc: finiteOrNull(m.auroc),
    auprIn: finiteOrNull(m.auprIn),
    auprOut: finiteOrNull(m.auprOut),
    fprAtTpr: finiteOrNull(m.fprAtTpr),
    tpr: m.tpr,
  };
}

function oodToJson(ood: AuditOod) {
  return {
    dataset: ood.dataset,
    count: ood.count,
    ...(ood.accuracy === undefined ? {} : { accuracy: ood.accuracy }),
    msp: metricsToJson(ood.msp),
    maxLogit: ood.maxLogit ? metricsToJson(ood.maxLogit) : null,
    energy: ood.energy ? metricsToJson(ood.energy) : null,
  };
}

/**
 * Turns an {@link AuditResult} into a JSON-safe {@link AuditReport} (version
 * {@link REPORT_SCHEMA_VERSION}): non-finite statistics become `null`; the result is checked
 * against {@link auditReportSchema} so a report that leaves here always parses back.
 */
export function toReport(result: AuditResult): AuditReport {
  const report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    snowblindVersion: result.snowblindVersion,
    nodeVersion: result.nodeVersion,
    hostCores: result.hostCores,
    seed: result.seed,
    startIndex: result.startIndex,
    count: result.count,
    batchSize: result.batchSize,
    topK: result.topK,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    runs: result.runs.map((run) => ({
      model: { ...run.model },
      kind: run.kind,
      noise: JSON.parse(JSON.stringify(run.noise)),
      startIndex: run.startIndex,
      count: run.count,
      describe: describeToJson(run.describe),
      labelCounts: run.labelCounts.map((c) => ({ label: c.label, count: c.count })),
      fractionAbove: run.fractionAbove.map((f) => ({
        threshold: f.threshold,
        fraction: f.fraction,
        count: f.count,
      })),
      scores: {
        msp: describeToJson(run.scores.msp),
        maxLogit: run.scores.maxLogit ? describeToJson(run.scores.maxLogit) : null,
        energy: run.scores.energy ? describeToJson(run.scores.energy) : null,
      },
      ...(run.samples
        ? {
            samples: run.samples.map((s) => ({
              index: s.index,
              topK: s.topK.map((p) => ({ label: p.label, classIndex: p.classIndex, score: p.score })),
              ...(s.maxLogit === undefined ? {} : { maxLogit: s.maxLogit, energy: s.energy! }),
            })),
          }
        : {}),
      ...(run.ood ? { ood: oodToJson(run.ood) } : {}),
      timings: { ...run.timings },
    })),
  };
  const parsed = auditReportSchema.safeParse(report);
  if (!parsed.success) {
    throw new SnowblindError('INTERNAL', `toReport produced an invalid report: ${parsed.error.message}`);
  }
  return parsed.data;
}
