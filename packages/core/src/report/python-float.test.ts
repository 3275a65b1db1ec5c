import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { pythonExponential, pythonFixed } from './python-float.js';

interface Row {
  value: string;
  fixed: string;
  exp: string;
  fixed0: string;
  exp2: string;
}
const rows = readFixture<{ pythonFormat: Row[] }>('audit', 'pandas-describe.json').pythonFormat;

describe("Python's float formatting", () => {
  it(`matches format(x, ' .6f' / ' .6e' / '.0f' / ' .2e') on ${rows.length} values`, () => {
    for (const r of rows) {
      const x = Number(r.value);
      expect(pythonFixed(x, 6), r.value).toBe(r.fixed);
      expect(pythonExponential(x, 6), r.value).toBe(r.exp);
      expect(pythonFixed(x, 0, false), r.value).toBe(r.fixed0);
      expect(pythonExponential(x, 2), r.value).toBe(r.exp2);
    }
  });

  it('rounds exact ties to even, unlike toFixed', () => {
    expect((1 / 128).toFixed(6)).toBe('0.007813');
    expect(pythonFixed(1 / 128, 6)).toBe(' 0.007812');
    expect(pythonFixed(-0, 2)).toBe('-0.00');
    expect(pythonFixed(Number.NaN, 2)).toBe('nan');
    expect(pythonExponential(0, 3)).toBe(' 0.000e+00');
  });
});
