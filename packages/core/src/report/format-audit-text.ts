import { formatDescribeTable } from './format-describe-table.js';
import { formatLabelCounts } from './format-label-counts.js';
import { formatOodTable } from './format-ood-table.js';
import type { AuditReport, AuditReportRun } from './schema.js';

/**
 * The human-readable audit: for each noise spec (in report order), a header line, the
 * `describe()` table of top-1 confidence with one column per model, the share of noise above
 * confidence thresholds (and OOD metrics against real data when the audit had some), then each
 * model's `value_counts()` of top-1 labels. Sections are separated by a blank line.
 *
 * Header: `noise <kind> · seed <seed> · <count> images [<first>..<last>] · <model>: <backend>, <n> img/s; …`
 */
export function formatAuditText(report: AuditReport): string {
  const sections: string[] = [];
  for (const runs of groupBySpec(report.runs)) {
    const first = runs[0]!;
    const models = runs
      .map((r) => `${r.model.id}: ${r.model.backend}, ${r.timings.imagesPerSecond.toFixed(1)} img/s`)
      .join('; ');
    const last = first.startIndex + first.count - 1;
    const header = `noise ${first.kind} · seed ${first.noise.seed} · ${first.count} images [${first.startIndex}..${last}] · ${models}`;
    const table = formatDescribeTable(runs.map((r) => ({ name: r.model.id, describe: r.describe })));
    sections.push(
      [header, '', table, '', formatOodTable(runs), '', ...runs.map((r) => `${formatLabelCounts(r)}\n`)]
        .join('\n')
        .trimEnd(),
    );
  }
  return `${sections.join('\n\n')}\n`;
}

/** Runs of the same noise spec, in first-appearance order. */
function groupBySpec(runs: readonly AuditReportRun[]): AuditReportRun[][] {
  const groups = new Map<string, AuditReportRun[]>();
  for (const run of runs) {
    const key = JSON.stringify(run.noise);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()];
}
