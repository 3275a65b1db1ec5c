// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, type Exchange, makeResult, Provider } from 'urql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { map, pipe } from 'wonka';
import '../test/render.js';
import type { Audit } from '../graphql/types.js';
import { SampleGrid } from './sample-grid.js';

const SAMPLES = [
  { index: 0, label: 'Bag', score: 0.41 },
  { index: 1, label: 'Shirt', score: 0.97 },
  { index: 2, label: 'Bag', score: 0.995 },
  { index: 3, label: 'Bag', score: 0.12 },
  { index: 4, label: 'Sandal', score: 0.5 },
  { index: 5, label: 'Bag', score: 0.93 },
];

const audit = {
  id: 'a1',
  count: SAMPLES.length,
  runs: [
    {
      index: 0,
      model: 'fmnist-cnn',
      kind: 'seed-wrap',
      describe: { count: SAMPLES.length },
      labelCounts: [{ label: 'Bag', count: 4 }],
    },
  ],
} as unknown as Audit;

/** A client answering the grid's page and summary queries from SAMPLES. */
function fakeClient() {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((op) => {
        const { offset, limit } = op.variables as { offset: number; limit: number };
        const samples = SAMPLES.slice(offset, offset + limit).map((s) => ({
          __typename: 'Sample',
          ...s,
          imageUrl: `http://127.0.0.1/images/noise/c3BlYw/${s.index}.png`,
        }));
        return makeResult(op, {
          data: {
            audit: { __typename: 'Audit', id: 'a1', runs: [{ __typename: 'AuditRun', index: 0, samples }] },
          },
        });
      }),
    );
  return new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] });
}

function renderGrid() {
  render(
    <Provider value={fakeClient()}>
      <button type="button">before</button>
      <SampleGrid audit={audit} />
      <button type="button">after</button>
    </Provider>,
  );
  return screen.getByRole('grid');
}

/** The sample numbers of the tiles, in grid order. */
const tileNumbers = (grid: HTMLElement) =>
  within(grid)
    .getAllByRole('link')
    .map((a) => Number(/^Sample (\d+):/.exec(a.getAttribute('aria-label') ?? '')?.[1]));

/** happy-dom lays nothing out: give every element a 300×600 box, so the grid has two columns. */
class FixedResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const entry = { target, contentRect: { width: 300, height: 600 } } as unknown as ResizeObserverEntry;
    this.callback([entry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

describe('SampleGrid', () => {
  beforeAll(() => {
    vi.stubGlobal('ResizeObserver', FixedResizeObserver);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  });
  beforeEach(() => {
    window.history.replaceState(null, '', '/audits/a1');
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is one Tab stop, moved through with the arrow keys, Home and End (roving tabindex)', async () => {
    const grid = renderGrid();
    await within(grid).findByRole('link', { name: /^Sample 5:/ });
    const columns = Number(grid.getAttribute('aria-colcount'));
    expect(columns).toBe(2);
    expect(grid.getAttribute('aria-rowcount')).toBe('3');
    const user = userEvent.setup();
    // The pickers come first (order, label, confidence), then the grid: one stop for all tiles.
    screen.getByRole('button', { name: 'before' }).focus();
    for (let i = 0; i < 4; i++) await user.tab();
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Sample 0: Bag, 41\.0%/);
    const focusable = within(grid)
      .getAllByRole('link')
      .filter((a) => a.getAttribute('tabindex') === '0');
    expect(focusable).toHaveLength(1);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Sample 1:/);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(new RegExp(`^Sample ${1 + columns}:`));
    await user.keyboard('{Home}');
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(new RegExp(`^Sample ${columns}:`));
    await user.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Sample 5:/);
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0');
    // Leaving and coming back lands on the same tile: it is the one Tab stop.
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'after' }));
    await user.tab({ shift: true });
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Sample 5:/);
  });

  it('sorts by confidence and filters by label and least confidence', async () => {
    const grid = renderGrid();
    await within(grid).findByRole('link', { name: /^Sample 5:/ });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Sort samples'), 'Most confident first');
    await within(grid).findByRole('link', { name: /^Sample 2: Bag, 99\.5%/ });
    expect(tileNumbers(grid)).toEqual([2, 1, 5, 4, 0, 3]);
    expect(screen.getByRole('status').textContent).toBe('6 of 6 samples, most confident first');
    expect(grid.getAttribute('aria-label')).toBe(
      'Noise samples of fmnist-cnn · seed-wrap, most confident first',
    );
    // Every label of the run with its count, read from the samples (not only the API's top 10).
    const labels = screen.getByLabelText('Top-1 label') as HTMLSelectElement;
    expect(Array.from(labels.options, (o) => o.textContent)).toEqual([
      'Any label',
      'Bag (4)',
      'Sandal (1)',
      'Shirt (1)',
    ]);
    await user.selectOptions(labels, 'Bag');
    expect(tileNumbers(grid)).toEqual([2, 5, 0, 3]);
    const least = screen.getByLabelText('Confidence at least');
    await user.clear(least);
    await user.type(least, '0.9');
    expect(tileNumbers(grid)).toEqual([2, 5]);
    expect(screen.getByRole('status').textContent).toBe('2 of 6 samples, most confident first');
    await user.selectOptions(screen.getByLabelText('Sort samples'), 'Least confident first');
    expect(tileNumbers(grid)).toEqual([5, 2]);
    // The view is in the URL: a reload, a shared link or Back from a sample shows it again.
    expect(window.location.search).toBe('?sort=score-asc&label=Bag&min=0.9');
    // The tiles open the sample they show, not the one at their place in index order.
    expect(
      within(grid)
        .getByRole('link', { name: /^Sample 5:/ })
        .getAttribute('href'),
    ).toBe('/audits/a1/samples/0/5');
    expect(
      within(grid)
        .getByRole('link', { name: /^Sample 5:/ })
        .querySelector('img')
        ?.getAttribute('src'),
    ).toBe('http://127.0.0.1/images/noise/c3BlYw/5.png');
  });
});
