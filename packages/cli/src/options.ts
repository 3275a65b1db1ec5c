import { badFlag } from './errors.js';

/** Upper bound on `--count`: past this an audit is a mistake, not a plan. */
export const MAX_COUNT = 10_000_000;

/**
 * Parse a whole number flag in `[min, max]`, with a coded error naming the flag otherwise.
 */
export function parseIntFlag(flag: string, raw: string, min: number, max: number): number {
  const trimmed = raw.trim();
  const value = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw badFlag(flag, `expected a whole number, got "${raw}"`, `pass an integer between ${min} and ${max}`);
  }
  if (value < min || value > max) {
    throw badFlag(flag, `${value} is out of range`, `pass an integer between ${min} and ${max}`);
  }
  return value;
}

/** Bounds of {@link parseNumberFlag}; `open` excludes the bound itself. */
export interface NumberRange {
  readonly min: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/**
 * Parse a (decimal) number flag in `range`, with a coded error naming the flag and the range
 * otherwise. An empty or blank value is an error, not 0.
 */
export function parseNumberFlag(flag: string, raw: string, range: NumberRange): number {
  const { min, max = Number.POSITIVE_INFINITY, minOpen = false, maxOpen = false } = range;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const inside =
    Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) &&
    (maxOpen ? value < max : value <= max);
  if (!inside) {
    const interval = `${minOpen ? '(' : '['}${min}, ${max === Number.POSITIVE_INFINITY ? '∞)' : `${max}${maxOpen ? ')' : ']'}`}`;
    throw badFlag(flag, `"${raw}" is not a number in ${interval}`, `pass a number in ${interval}`);
  }
  return value;
}

/** Parse `key=value` noise parameters (`--noise-param std=30 --noise-param color=0,0,255`). */
export function parseNoiseParams(pairs: readonly string[]): Record<string, number | number[]> {
  const params: Record<string, number | number[]> = {};
  for (const pair of pairs) {
    const match = /^([a-zA-Z]+)=(.+)$/.exec(pair.trim());
    if (!match) {
      throw badFlag('--noise-param', `expected key=value, got "${pair}"`, 'for example --noise-param std=30');
    }
    const [, key, raw] = match as unknown as [string, string, string];
    const numbers = raw.split(',').map((part) => Number(part.trim()));
    if (numbers.some((n) => !Number.isFinite(n))) {
      throw badFlag(
        '--noise-param',
        `${key}: "${raw}" is not a number`,
        'values are numbers, lists are comma-separated',
      );
    }
    params[key] = numbers.length === 1 ? numbers[0]! : numbers;
  }
  return params;
}

/** commander collector for repeatable flags (`--model a --model b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Split repeatable flags that may also be comma lists (`--noise a,b --noise c`). An empty item
 * (`--noise ,`, `--model a,`) is a mistake, not "use the default", and so is an item listed twice.
 * @throws SnowblindError `BAD_INPUT` naming the flag, with `hint` for an empty item.
 */
export function splitList(flag: string, values: readonly string[] | undefined, hint: string): string[] {
  const items = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (items.some((item) => item.length === 0)) {
    const given = (values ?? []).map((v) => `"${v}"`).join(' ');
    throw badFlag(flag, `empty item in ${given}`, hint);
  }
  const twice = items.find((item, i) => items.indexOf(item) !== i);
  if (twice !== undefined) throw badFlag(flag, `"${twice}" is listed twice`, 'list each one once');
  return items;
}
