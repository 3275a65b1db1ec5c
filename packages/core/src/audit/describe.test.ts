import { expect, it, describe as suite } from 'vitest';
import { readFixture } from '../../test/read-fixture.js';
import { DESCRIBE_FIELDS, describe } from './describe.js';
import { DescribeAccumulator } from './describe-accumulator.js';

interface Fixture {
  describe: { name: string; values: string[]; describe: Record<string, string> }[];
}
const fixture = readFixture<Fixture>('audit', 'pandas-describe.json');

function expectClose(actual: number, expected: number, label: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  const tolerance = 1e-12 * Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

suite('describe() against pandas 1.5 Series.describe()', () => {
  for (const c of fixture.describe) {
    it(`${c.name} (n = ${c.values.length})`, () => {
      const values = c.values.map(Number);
      const d = describe(values);
      for (const field of DESCRIBE_FIELDS) expectClose(d[field], Number(c.describe[field]), field);
    });
  }

  it('is bit-identical to pandas on the fixtures (pairwise mean, bottleneck std, numpy lerp)', () => {
    for (const c of fixture.describe) {
      const d = describe(c.values.map(Number));
      for (const field of DESCRIBE_FIELDS)
        expect(Object.is(d[field], Number(c.describe[field])), `${c.name} ${field}`).toBe(true);
    }
  });

  it('hand-computed: [1, 2, 3, 4]', () => {
    // mean 2.5; var = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3; quartile indices 0.75, 1.5, 2.25.
    expect(describe([4, 1, 3, 2])).toEqual({
      count: 4,
      mean: 2.5,
      std: Math.sqrt(5 / 3),
      min: 1,
      '25%': 1.75,
      '50%': 2.5,
      '75%': 3.25,
      max: 4,
    });
  });

  it('n = 1 has std NaN, empty input is all NaN but count 0', () => {
    const one = describe([0.7]);
    expect(one.count).toBe(1);
    expect(one.std).toBeNaN();
    expect(one['25%']).toBe(0.7);
    const none = describe([]);
    expect(none.count).toBe(0);
    expect(none.mean).toBeNaN();
    expect(none.max).toBeNaN();
  });

  it('does not modify its input', () => {
    const input = new Float32Array([0.3, 0.1, 0.2]);
    describe(input);
    expect([...input]).toEqual([...new Float32Array([0.3, 0.1, 0.2])]);
  });
});

suite('DescribeAccumulator', () => {
  it('equals describe() of all values, whatever the chunking', () => {
    for (const c of fixture.describe) {
      const values = c.values.map(Number);
      const acc = new DescribeAccumulator(3);
      let i = 0;
      let chunk = 1;
      while (i < values.length) {
        if (chunk % 2 === 0) acc.pushAll(values.slice(i, i + chunk));
        else for (const v of values.slice(i, i + chunk)) acc.push(v);
        i += chunk;
        chunk = (chunk % 13) + 1;
      }
      expect(acc.length).toBe(values.length);
      expect(acc.result()).toEqual(describe(values));
    }
  });

  it('stays usable after result()', () => {
    const acc = new DescribeAccumulator();
    acc.pushAll([3, 1]);
    expect(acc.result().max).toBe(3);
    acc.push(5);
    expect(acc.result()).toEqual(describe([3, 1, 5]));
  });
});
