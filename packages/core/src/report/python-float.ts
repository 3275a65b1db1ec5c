/**
 * Python's `format(x, ' .{d}f')` and `format(x, ' .{d}e')`, exactly: the decimal digits of the
 * binary value rounded half-to-even. JavaScript's `toFixed` / `toExponential` round exact ties
 * away from zero (`(0.0078125).toFixed(6)` is `0.007813`, Python prints `0.007812`), so tables
 * that must match pandas character for character cannot use them.
 */

/** The exact value |x| = num / den of a finite double, den a power of two. */
function exactFraction(x: number): { negative: boolean; num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return { negative, num: mantissa << BigInt(exponent), den: 1n };
  return { negative, num: mantissa, den: 1n << BigInt(-exponent) };
}

/** round(num / den) with ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

function special(x: number, sign: string): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return `${sign}inf`;
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  return undefined;
}

/**
 * `format(x, ' .{digits}f')` (`leadingSpace`) or `format(x, '.{digits}f')`.
 * Negative zero keeps its minus sign, as in Python.
 */
export function pythonFixed(x: number, digits: number, leadingSpace = true): string {
  const plus = leadingSpace ? ' ' : '';
  const s = special(x, plus);
  if (s !== undefined) return s;
  const { negative, num, den } = exactFraction(x);
  const scaled = roundHalfEven(num * 10n ** BigInt(digits), den)
    .toString()
    .padStart(digits + 1, '0');
  const body = digits === 0 ? scaled : `${scaled.slice(0, -digits)}.${scaled.slice(-digits)}`;
  return (negative ? '-' : plus) + body;
}

/** `format(x, ' .{digits}e')` (`leadingSpace`) or `format(x, '.{digits}e')`. */
export function pythonExponential(x: number, digits: number, leadingSpace = true): string {
  const plus = leadingSpace ? ' ' : '';
  const s = special(x, plus);
  if (s !== undefined) return s;
  const { negative, num, den } = exactFraction(x);
  let exponent = 0;
  let mantissaDigits: bigint;
  if (num === 0n) {
    mantissaDigits = 0n;
  } else {
    // Start from the float estimate of log10 and correct it exactly.
    exponent = Math.floor(Math.log10(Math.abs(x)));
    const ge = (e: number): boolean =>
      e >= 0 ? num >= 10n ** BigInt(e) * den : num * 10n ** BigInt(-e) >= den;
    while (!ge(exponent)) exponent--;
    while (ge(exponent + 1)) exponent++;
    const shift = digits - exponent;
    mantissaDigits =
      shift >= 0
        ? roundHalfEven(num * 10n ** BigInt(shift), den)
        : roundHalfEven(num, den * 10n ** BigInt(-shift));
    if (mantissaDigits === 10n ** BigInt(digits + 1)) {
      mantissaDigits /= 10n;
      exponent++;
    }
  }
  const m = mantissaDigits.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? m : `${m[0]}.${m.slice(1)}`;
  const exp = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return `${negative ? '-' : plus}${body}e${exp}`;
}
