/** The family table of tools/onnx/README.md, rendered from `family-table.ts`'s results. */
import type { CommandOutcome, FamilyResult } from './family-run.js';

/**
 * Markers around the generated table, in the form of the docs' other generated sections; this
 * one is rewritten only by `family-table.ts` (it takes an hour of exports and runs).
 */
export const TABLE_BEGIN = '<!-- generated:family-table -->';
export const TABLE_END = '<!-- /generated -->';

const mb = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(0));

function gradcheckCell(o: CommandOutcome | undefined): string {
  if (!o) return 'not run';
  if (o.status === 'error') return `**error**: ${o.message ?? ''}`;
  const value = o.value === undefined ? '' : ` ${o.value.toExponential(1)}`;
  return o.status === 'pass' ? `pass${value}` : `**${o.status}**${value}`;
}

function igCell(o: CommandOutcome | undefined): string {
  if (!o) return 'not run';
  if (o.status !== 'pass') return `**error**: ${o.message ?? ''}`;
  return `pass, δ ${o.value?.toExponential(1)}, batch ${o.batch ?? '?'}`;
}

/** Markdown table, one row per family and opset, between the markers. */
export function familyTableMarkdown(results: readonly FamilyResult[], note: string): string {
  const rows = results.map((r) => {
    if (r.exportError) return `| ${r.family} | ${r.opset} | — | export failed: ${r.exportError} | | | |`;
    const input = r.side === undefined ? '?' : `${r.side}²`;
    const rss = `${mb(r.gradcheck?.peakRssMb)} / ${mb(r.ig?.peakRssMb)}`;
    return `| ${r.family} | ${r.opset} | ${input} | ${gradcheckCell(r.gradcheck)} | ${igCell(r.ig)} | ${rss} | ${r.ops.join(', ')} |`;
  });
  return [
    TABLE_BEGIN,
    note,
    '',
    '| family | opset | input | `gradcheck` (max rel. error) | `explain --method ig` (convergence δ, internal batch) | peak RSS MB gradcheck / IG | ops |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    TABLE_END,
  ].join('\n');
}

/** `text` with the section between the markers replaced (appended when they are missing). */
export function withFamilyTable(text: string, table: string): string {
  const begin = text.indexOf(TABLE_BEGIN);
  const end = begin < 0 ? -1 : text.indexOf(TABLE_END, begin);
  if (begin < 0 || end < begin) return `${text.trimEnd()}\n\n${table}\n`;
  return text.slice(0, begin) + table + text.slice(end + TABLE_END.length);
}
