import { type AuditReport, formatAuditText } from '@snowblind/core';
import { formatColumns } from './models.js';

type Run = AuditReport['runs'][number];

/** A titled section of the default audit's text: the runs of one group of models. */
export interface TextSection {
  readonly title: string;
  readonly modelIds: readonly string[];
}

/**
 * The default audit as text: a summary table first (one row per model: its noise, mean and max
 * top-1 confidence, share above 0.5 and 0.9, most common label), then each group under its
 * title with the usual tables (`describe()`, thresholds, `value_counts()`).
 */
export function formatDefaultAuditText(report: AuditReport, sections: readonly TextSection[]): string {
  const parts = [`${formatSummary(report.runs)}\n`];
  for (const [i, section] of sections.entries()) {
    const runs = report.runs.filter((r) => section.modelIds.includes(r.model.id));
    if (runs.length === 0) continue;
    const title = `[${i + 1}/${sections.length}] ${section.title} · ${noiseGeometry(runs[0]!)}`;
    parts.push(`${title}\n${'='.repeat(title.length)}\n\n${formatAuditText({ ...report, runs })}`);
  }
  return parts.join('\n');
}

/** `256×256 RGB noise` / `28×28 gray noise`. */
function noiseGeometry(run: Run): string {
  const { width, height, channels } = run.noise;
  return `${width}×${height} ${channels === 1 ? 'gray' : 'RGB'} noise`;
}

function percent(fraction: number | undefined): string {
  return fraction === undefined ? '' : `${(fraction * 100).toFixed(1)}%`;
}

function fixed(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}

/** One row per run: how sure each model is on the noise it saw, at a glance. */
function formatSummary(runs: readonly Run[]): string {
  const rows = runs.map((run) => {
    const above = (t: number) => percent(run.fractionAbove.find((f) => f.threshold === t)?.fraction);
    const top = run.labelCounts[0];
    // ImageNet names list synonyms ("stole" vs "nematode, nematode worm, roundworm"): the first.
    const label = top ? `${top.label.split(', ')[0]} (${percent(top.count / run.count)})` : '';
    return [
      run.model.id,
      `${run.kind} ${noiseGeometry(run).replace(' noise', '')}`,
      fixed(run.describe.mean).padStart(5),
      fixed(run.describe.max).padStart(5),
      above(0.5).padStart(6),
      above(0.9).padStart(6),
      label,
    ];
  });
  const header = ['model', 'noise', ' mean', '  max', '  >0.5', '  >0.9', 'most common top-1 label'];
  return `top-1 confidence on noise (count ${runs[0]?.count ?? 0} per row)\n\n${formatColumns([header, ...rows])}`;
}
