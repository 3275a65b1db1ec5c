import { pythonExponential, pythonFixed } from './python-float.js';

/** pandas' `display.precision` default. */
const PRECISION = 6;

/** Length as pandas measures it (code points; `display.unicode.east_asian_width` is off). */
export function textWidth(s: string): number {
  return [...s].length;
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textWidth(s))) + s;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - textWidth(s)));
}

/** pandas `pprint_thing(x, escape_chars=('\t', '\r', '\n'))` for labels and names. */
export function pprintThing(s: string): string {
  return s.replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

const NUMBER_WITH_DECIMAL = /^\s*[+-]?[0-9]+\.[0-9]*$/;

/**
 * pandas `_trim_zeros_float`: drop trailing zeros from all fixed-point numbers together while
 * every one of them ends in 0, then give a bare trailing point one zero back.
 */
function trimZerosFloat(strings: string[]): string[] {
  let trimmed = strings;
  const shouldTrim = (values: string[]): boolean => {
    const numbers = values.filter((x) => NUMBER_WITH_DECIMAL.test(x));
    return numbers.length > 0 && numbers.every((x) => x.endsWith('0'));
  };
  while (shouldTrim(trimmed))
    trimmed = trimmed.map((x) => (NUMBER_WITH_DECIMAL.test(x) ? x.slice(0, -1) : x));
  return trimmed.map((x) => (NUMBER_WITH_DECIMAL.test(x) && x.endsWith('.') ? `${x}0` : x));
}

/**
 * The cells of one float64 column as pandas 1.5's `FloatArrayFormatter` renders them in a
 * DataFrame (`leading_space=True`, precision 6, `na_rep='NaN'`): fixed point with shared
 * trailing-zero trimming, switching the whole column to `e` notation when a non-zero value
 * would print as 0 (|x| < 1e-6) or when a value above 1e6 makes a cell wider than 12.
 * Cells are not yet padded to a common width.
 */
export function formatFloatColumn(values: readonly number[]): string[] {
  const fixed = trimZerosFloat(values.map((v) => (Number.isNaN(v) ? 'NaN' : pythonFixed(v, PRECISION))));
  const maxLen = Math.max(0, ...fixed.map(textWidth));
  const tooLong = maxLen > PRECISION + 6;
  const hasLarge = values.some((v) => Math.abs(v) > 1e6);
  const hasSmall = values.some((v) => Math.abs(v) < 10 ** -PRECISION && Math.abs(v) > 0);
  if (hasSmall || (tooLong && hasLarge)) {
    return trimZerosFloat(values.map((v) => (Number.isNaN(v) ? 'NaN' : pythonExponential(v, PRECISION))));
  }
  return fixed;
}

/**
 * pandas `adjoin(space, *columns)`: every column but the last is left-justified to its widest
 * cell plus `space`; rows are concatenated.
 */
export function adjoin(space: number, columns: readonly (readonly string[])[]): string {
  const widths = columns.map(
    (col, i) => Math.max(0, ...col.map(textWidth)) + (i < columns.length - 1 ? space : 0),
  );
  const rows = Math.max(0, ...columns.map((c) => c.length));
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    lines.push(columns.map((col, i) => padEnd(col[r] ?? '', widths[i]!)).join(''));
  }
  return lines.join('\n');
}
