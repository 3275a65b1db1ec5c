// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import type { AuditRun } from '../graphql/types.js';
import { LabelCountCharts, labelAxisWidth } from './label-count-charts.js';

const DRAGONFLY =
  "dragonfly, darning needle, devil's darning needle, sewing needle, snake feeder, snake doctor, mosquito hawk, skeeter hawk";
const run = {
  index: 0,
  model: 'squeezenet1.1',
  kind: 'uniform',
  labelCounts: [
    { label: DRAGONFLY, count: 5 },
    { label: 'German short-haired pointer', count: 2 },
    { label: 'wing', count: 1 },
  ],
} as AuditRun;

describe('LabelCountCharts', () => {
  it('cuts long labels on the axis to one line with the whole label as its title', () => {
    const { container } = render(<LabelCountCharts runs={[run]} count={8} width={400} />);
    const ticks = Array.from(container.querySelectorAll('text.label-tick'));
    expect(ticks).toHaveLength(3);
    const shown = ticks.map((t) => t.lastChild?.textContent);
    expect(shown[0]).toMatch(/^dragonfly, darning .*…$/);
    expect(shown[2]).toBe('wing');
    expect(ticks.map((t) => t.querySelector('title')?.textContent ?? null)).toEqual([
      DRAGONFLY,
      // No canvas in happy-dom: 0.6 em a character, 172 px of room for 27 characters.
      'German short-haired pointer',
      null,
    ]);
    // One line each (no wrapped tspans), one row apart: nothing to collide.
    expect(container.querySelectorAll('text.label-tick tspan')).toHaveLength(0);
    const ys = ticks.map((t) => Number(t.getAttribute('y')));
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(20);
  });

  it('is a figure named by its run, with the counts as a table that keeps every label whole', () => {
    render(<LabelCountCharts runs={[run]} count={8} />);
    const figure = screen.getByRole('figure', { name: 'squeezenet1.1 · uniform' });
    expect(
      within(figure).getByRole('img', {
        name: `squeezenet1.1 · uniform: ${DRAGONFLY} is the top-1 label of 5 of 8 images`,
      }),
    ).toBeTruthy();
    const table = within(figure).getByRole('table', { name: 'Top-1 labels of squeezenet1.1 · uniform' });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual([DRAGONFLY, 'German short-haired pointer', 'wing']);
  });

  it('sizes the label axis to the longest label, within 45% of the chart', () => {
    const measure = (t: string) => t.length * 6;
    expect(labelAxisWidth(['wing', 'Bag'], 400, measure)).toBe(48);
    expect(labelAxisWidth(['German short-haired pointer'], 400, measure)).toBe(27 * 6 + 8);
    expect(labelAxisWidth([DRAGONFLY], 400, measure)).toBe(180);
  });
});
