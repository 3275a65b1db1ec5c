// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import '../test/render.js';
import type { Audit, AuditRun } from '../graphql/types.js';
import { ConfidenceHistogram } from './confidence-histogram.js';

// Scores per run index: run i piles up in bin 19 - i.
vi.mock('../hooks/use-sample-scores.js', () => ({
  HISTOGRAM_SAMPLE_CAP: 5000,
  useSampleScores: (_id: string, _count: number, runs: number) => ({
    scores: new Map(Array.from({ length: runs }, (_, i) => [i, [0.99 - i * 0.05, 0.97 - i * 0.05]])),
    errors: [],
  }),
}));

const MODELS = ['fmnist-cnn', 'fmnist-resnet'];
const KINDS = ['seed-wrap', 'uniform', 'gaussian'];

function audit(runs: number): Audit {
  return {
    id: 'a1',
    count: 2,
    runs: Array.from(
      { length: runs },
      (_, index): AuditRun =>
        ({
          index,
          model: MODELS[index % 2]!,
          kind: KINDS[Math.floor(index / 2)]!,
        }) as AuditRun,
    ),
  } as Audit;
}

describe('ConfidenceHistogram', () => {
  it('overlays up to three runs in one named figure, with the numbers as a table', () => {
    render(<ConfidenceHistogram audit={audit(2)} />);
    const figure = screen.getByRole('figure', { name: /^Share of images per confidence bin \(20 bins\)/ });
    const chart = within(figure).getByRole('img', {
      name: 'Histogram of top-1 confidence for fmnist-cnn · seed-wrap, fmnist-resnet · seed-wrap',
    });
    expect(document.getElementById(chart.getAttribute('aria-describedby')!)?.textContent).toBe(
      'fmnist-cnn · seed-wrap: most images (100.0%) between 0.95 and 1.00. ' +
        'fmnist-resnet · seed-wrap: most images (100.0%) between 0.90 and 0.95',
    );
    expect((screen.getByRole('radio', { name: 'Overlay' }) as HTMLInputElement).checked).toBe(true);
    const table = screen.getByRole('table', { name: 'Share of images per confidence bin' });
    const last = within(table).getByRole('row', { name: /^0\.95–1\.00/ });
    expect(Array.from(last.children, (c) => c.textContent)).toEqual(['0.95–1.00', '100.0%', '0.0%']);
  });

  it('draws six runs as one chart each, the run named above it, and overlays them on request', async () => {
    const user = userEvent.setup();
    render(<ConfidenceHistogram audit={audit(6)} />);
    expect((screen.getByRole('radio', { name: 'One chart per run' }) as HTMLInputElement).checked).toBe(true);
    const figures = screen.getAllByRole('figure');
    expect(figures.map((f) => f.firstElementChild?.textContent)).toEqual([
      'fmnist-cnn · seed-wrap',
      'fmnist-resnet · seed-wrap',
      'fmnist-cnn · uniform',
      'fmnist-resnet · uniform',
      'fmnist-cnn · gaussian',
      'fmnist-resnet · gaussian',
    ]);
    expect(screen.getByRole('figure', { name: 'fmnist-resnet · gaussian' })).toBe(figures[5]);
    await user.click(screen.getByRole('radio', { name: 'Overlay' }));
    expect(screen.getAllByRole('figure')).toHaveLength(1);
    expect(
      screen.getByRole('img', {
        name: /^Histogram of top-1 confidence for fmnist-cnn · seed-wrap, .*gaussian$/,
      }),
    ).toBeTruthy();
  });

  it('offers no layout choice for a single run', () => {
    render(<ConfidenceHistogram audit={audit(1)} />);
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getAllByRole('figure')).toHaveLength(1);
  });
});
