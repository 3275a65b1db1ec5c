import { pct } from './format.js';

/** What the summary reads of a run: its name and its share above each threshold. */
export interface ThresholdRun {
  readonly model: string;
  readonly kind: string;
  readonly fractionAbove: readonly { threshold: number; fraction: number | null; count: number }[];
}

const images = (n: number) => `${n.toLocaleString('en')} image${n === 1 ? '' : 's'}`;

/**
 * One sentence on what the confidence thresholds do to this audit's noise, derived from the
 * numbers: for each run the strictest threshold some noise still passes, with that share, or
 * that the thresholds reject all of it. Null when there is nothing to summarise.
 */
export function thresholdSummary(runs: readonly ThresholdRun[]): string | null {
  const thresholds = [...new Set(runs.flatMap((r) => r.fractionAbove.map((f) => f.threshold)))].sort(
    (a, b) => a - b,
  );
  const lowest = thresholds[0];
  if (runs.length === 0 || lowest === undefined) return null;
  const strictest = runs.map((run) => ({
    run,
    // The highest threshold that still lets some of this run's noise through.
    pass: [...run.fractionAbove].sort((a, b) => b.threshold - a.threshold).find((f) => f.count > 0),
  }));
  const passing = strictest.filter((s) => s.pass !== undefined);
  if (passing.length === 0) {
    const who = runs.length === 1 ? runs[0]!.model : 'any model';
    return `No noise image scores above ${lowest} for ${who} here: these thresholds reject all of this noise.`;
  }
  const parts = strictest.map(({ run, pass }) =>
    pass
      ? `above ${pass.threshold}, ${pct(pass.fraction)} (${images(pass.count)}) of the ${run.kind} noise still passes for ${run.model}`
      : `${run.model} rejects all of the ${run.kind} noise from ${lowest} up`,
  );
  return `Thresholding confidence does not reject all of this noise: ${parts.join('; ')}.`;
}
