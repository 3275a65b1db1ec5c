/** Format a number with `digits` decimals, or an em dash for null/undefined/NaN. */
export function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

/** Format a share in [0, 1] as a percentage, or an em dash when unknown. */
export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : `${(value * 100).toFixed(digits)}%`;
}

/** Format seconds as `1 h 2 min`, `3 min 4 s`, `12 s` or `0.4 s` (tenths below 10 s). */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** The label of an audit run in charts and tables: `model · noise kind`. */
export function runName(run: { model: string; kind: string }): string {
  return `${run.model} · ${run.kind}`;
}

/** A moment as a 24-hour local clock time with seconds, `14:03:07`. */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });
}
