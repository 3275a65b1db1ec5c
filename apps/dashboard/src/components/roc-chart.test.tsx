// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import { RocChart, type RocSeries } from './roc-chart.js';

const curves: RocSeries[] = [
  {
    name: 'fmnist-cnn · seed-wrap',
    auroc: 1,
    fprAtTpr: 0,
    tpr: 0.95,
    points: [
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0, tpr: 1, threshold: 0.21 },
      { fpr: 1, tpr: 1, threshold: 0.99 },
    ],
  },
  {
    name: 'fmnist-resnet · seed-wrap',
    auroc: 0.7365625,
    fprAtTpr: 0.3067,
    tpr: 0.95,
    points: [
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0.1, tpr: 0.5, threshold: 0.9 },
      { fpr: 0.5, tpr: 0.75, threshold: 0.95 },
      { fpr: 1, tpr: 1, threshold: 1 },
    ],
  },
];

describe('RocChart', () => {
  it('is a captioned figure whose chart is described in text, AUROC per run', () => {
    render(<RocChart curves={curves} scoreLabel="MSP" />);
    // The figure is named by its caption.
    screen.getByRole('figure', { name: /^ROC curves of the MSP score, noise as the positive class/ });
    const chart = screen.getByRole('img', { name: /^ROC curves for MSP/ });
    expect(chart.getAttribute('aria-label')).toContain('fmnist-resnet · seed-wrap (AUROC 0.737)');
    const description = document.getElementById(chart.getAttribute('aria-describedby')!);
    expect(description?.textContent).toBe(
      'fmnist-cnn · seed-wrap: AUROC 1.000, false-positive rate 0.000 at 95% true-positive rate, 3 points. ' +
        'fmnist-resnet · seed-wrap: AUROC 0.737, false-positive rate 0.307 at 95% true-positive rate, 4 points.',
    );
  });

  it('draws one line per run, the chance diagonal, axis labels and AUROC in the legend', () => {
    const { container } = render(<RocChart curves={curves} scoreLabel="energy" width={640} />);
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(container.querySelectorAll('.recharts-reference-line')).toHaveLength(1);
    const legend = Array.from(container.querySelectorAll('.legend-text'), (e) => e.textContent);
    expect(legend).toEqual([
      'fmnist-cnn · seed-wrap (AUROC 1.000)',
      'fmnist-resnet · seed-wrap (AUROC 0.737)',
    ]);
    // The x title in two short lines (whole on a phone), the y title in one; all in the axis colour.
    const titles = Array.from(container.querySelectorAll('.recharts-label'));
    expect(titles.map((t) => t.textContent)).toEqual([
      'false-positive rate',
      '(in-distribution flagged as noise)',
      'true-positive rate (noise flagged)',
    ]);
    expect(new Set(titles.map((t) => t.getAttribute('fill')))).toEqual(new Set(['#333a42']));
    // The resnet line goes through its 4 points: (0,0) first, (1,1) last.
    const paths = Array.from(container.querySelectorAll('.recharts-line-curve'), (p) => p.getAttribute('d'));
    expect(paths).toHaveLength(2);
    expect(paths[1]!.match(/[ML]/g)).toHaveLength(4);
  });
});
