// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import type { AuditRun } from '../graphql/types.js';
import { DescribeTable } from './describe-table.js';

const run = (index: number, model: string, d: Partial<AuditRun['describe']>): AuditRun => ({
  index,
  model,
  kind: 'seed-wrap',
  modelInfo: null,
  oodInDistribution: null,
  describe: { count: 0, mean: null, std: null, min: null, p25: null, p50: null, p75: null, max: null, ...d },
  labelCounts: [],
  fractionAbove: [],
});

describe('DescribeTable', () => {
  it('shows pandas describe() columns, one row per run, three decimals', () => {
    render(
      <DescribeTable
        runs={[
          run(0, 'resnet18', {
            count: 1000,
            mean: 0.3281,
            std: 0.0712,
            min: 0.1,
            p25: 0.28,
            p50: 0.33,
            p75: 0.38,
            max: 0.581,
          }),
          run(1, 'vgg16', {
            count: 1,
            mean: 0.227,
            min: 0.227,
            p25: 0.227,
            p50: 0.227,
            p75: 0.227,
            max: 0.227,
          }),
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: /describe\(\) of the top-1 confidence/ });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Model · noise', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => Array.from(r.children, (c) => c.textContent))).toEqual([
      ['resnet18 · seed-wrap', '1000', '0.328', '0.071', '0.100', '0.280', '0.330', '0.380', '0.581'],
      // std of one value is undefined (ddof=1): the API gives null, shown as a dash.
      ['vgg16 · seed-wrap', '1', '0.227', '—', '0.227', '0.227', '0.227', '0.227', '0.227'],
    ]);
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('resnet18 · seed-wrap');
  });

  it('puts one run per column and one statistic per row when asked (Compare)', () => {
    render(
      <DescribeTable
        runsAsColumns
        caption="describe()"
        runs={[
          run(0, 'fmnist-cnn', {
            count: 32,
            mean: 0.2104,
            std: 0.0101,
            min: 0.19,
            p25: 0.2,
            p50: 0.21,
            p75: 0.22,
            max: 0.23,
          }),
          run(1, 'fmnist-resnet', {
            count: 32,
            mean: 0.94,
            std: null,
            min: 0.9,
            p25: 0.93,
            p50: 0.94,
            p75: 0.95,
            max: 0.99,
          }),
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'describe()' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['fmnist-cnn · seed-wrap', 'fmnist-resnet · seed-wrap']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => Array.from(r.children, (c) => c.textContent))).toEqual([
      ['count', '32', '32'],
      ['mean', '0.210', '0.940'],
      ['std', '0.010', '—'],
      ['min', '0.190', '0.900'],
      ['25%', '0.200', '0.930'],
      ['50%', '0.210', '0.940'],
      ['75%', '0.220', '0.950'],
      ['max', '0.230', '0.990'],
    ]);
    expect(within(rows[7]!).getByRole('rowheader').textContent).toBe('max');
  });

  it('takes a visible caption', () => {
    render(<DescribeTable runs={[]} caption="left audit" />);
    expect(screen.getByRole('table', { name: 'left audit' })).toBeTruthy();
  });
});
