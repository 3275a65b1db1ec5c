import { expect, it, describe as suite } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { describe } from '../audit/index.js';
import { formatDescribeTable } from './format-describe-table.js';
import { formatValueCounts } from './format-label-counts.js';

interface Fixture {
  describe: { name: string; values: string[] }[];
  tables: { columns: { case: string; label: string }[]; text: string }[];
  valueCounts: { name: string; labels: string[]; counts: [string, number][]; text: string }[];
}
const fixture = readFixture<Fixture>('audit', 'pandas-describe.json');

suite('formatDescribeTable against pandas DataFrame.to_string()', () => {
  for (const table of fixture.tables) {
    it(table.columns.map((c) => c.label).join(', '), () => {
      const columns = table.columns.map((c) => ({
        name: c.label,
        describe: describe(fixture.describe.find((d) => d.name === c.case)!.values.map(Number)),
      }));
      expect(formatDescribeTable(columns)).toBe(table.text);
    });
  }

  it('takes null for NaN, as stored in JSON reports', () => {
    const d = { count: 1, mean: 0.5, std: null, min: 0.5, '25%': 0.5, '50%': 0.5, '75%': 0.5, max: 0.5 };
    expect(formatDescribeTable([{ name: 'a', describe: d }])).toBe(fixture.tables[2]!.text);
  });
});

suite('formatValueCounts against pandas value_counts() repr', () => {
  for (const c of fixture.valueCounts) {
    it(c.name, () => {
      expect(
        formatValueCounts(
          c.counts.map(([label, count]) => ({ label, count })),
          c.name,
        ),
      ).toBe(c.text);
    });
  }

  it('an empty series', () => {
    expect(formatValueCounts([], 'm')).toBe('Series([], Name: m, dtype: int64)');
  });
});
