import { pythonFixed } from './python-float.js';
import type { AuditReportRun } from './schema.js';

type Row = [string, ...(string | null)[]];

/**
 * How often noise fooled each model, and how well detector scores separate noise from real
 * data: one column per model of the same noise spec.
 *
 * Rows: the share of noise images whose top-1 confidence exceeds each threshold, then, when the
 * audit had an in-distribution set, the model's accuracy on it and AUROC / FPR@95TPR for MSP,
 * max-logit and energy (OpenOOD convention: noise is the positive class).
 */
export function formatOodTable(runs: readonly AuditReportRun[]): string {
  const rows: Row[] = [];
  for (const [i, f] of (runs[0]?.fractionAbove ?? []).entries()) {
    rows.push([
      `noise with confidence > ${f.threshold}`,
      ...runs.map((r) => percent(r.fractionAbove[i]?.fraction)),
    ]);
  }
  const ood = runs.find((r) => r.ood)?.ood;
  if (ood) {
    rows.push([`accuracy on ${ood.dataset} (${ood.count})`, ...runs.map((r) => percent(r.ood?.accuracy))]);
    for (const score of ['msp', 'maxLogit', 'energy'] as const) {
      rows.push([`AUROC (${score})`, ...runs.map((r) => fixed(r.ood?.[score]?.auroc))]);
      rows.push([`FPR@95TPR (${score})`, ...runs.map((r) => fixed(r.ood?.[score]?.fprAtTpr))]);
    }
  }
  const table: string[][] = [
    ['', ...runs.map((r) => r.model.id)],
    ...rows.map((r) => r.map((c) => c ?? '—')),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  return table
    .map((row) =>
      row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    )
    .join('\n');
}

function percent(x: number | null | undefined): string | null {
  return x === undefined || x === null ? null : `${pythonFixed(100 * x, 1, false)}%`;
}

function fixed(x: number | null | undefined): string | null {
  return x === undefined || x === null ? null : pythonFixed(x, 4, false);
}
