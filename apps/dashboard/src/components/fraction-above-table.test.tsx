// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import type { AuditRun } from '../graphql/types.js';
import { FractionAboveTable } from './fraction-above-table.js';

const run = (model: string, counts: number[]): AuditRun => ({
  index: 0,
  model,
  kind: 'seed-wrap',
  modelInfo: null,
  oodInDistribution: null,
  describe: { count: 48, mean: null, std: null, min: null, p25: null, p50: null, p75: null, max: null },
  labelCounts: [],
  fractionAbove: [0.5, 0.9].map((threshold, i) => ({
    threshold,
    count: counts[i]!,
    fraction: counts[i]! / 48,
  })),
});

describe('FractionAboveTable', () => {
  it('says the thresholds reject all the noise when 0 % passes, not that thresholding is not enough', () => {
    render(
      <FractionAboveTable
        runs={[run('fmnist-cnn', [0, 0])]}
        thresholds={[0.5, 0.9]}
        onThresholds={() => {}}
      />,
    );
    expect(screen.getByText(/these thresholds reject all of this noise/)).toBeTruthy();
    expect(screen.queryByText(/not enough/)).toBeNull();
  });

  it('gives the share still passing the strictest threshold from the table’s own numbers', () => {
    render(
      <FractionAboveTable
        runs={[run('fmnist-resnet', [48, 24])]}
        thresholds={[0.5, 0.9]}
        onThresholds={() => {}}
      />,
    );
    expect(screen.getByRole('cell', { name: '50.0% (24)' })).toBeTruthy();
    expect(document.getElementById('threshold-summary')?.textContent).toContain(
      'above 0.9, 50.0% (24 images) of the seed-wrap noise still passes for fmnist-resnet',
    );
  });
});
