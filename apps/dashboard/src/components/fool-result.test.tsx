// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import type { FoolSearch } from '../graphql/types.js';
import { FoolResultView } from './fool-result.js';

const result = (curve: number[], confidence: number): FoolSearch => ({
  id: 'f1',
  status: 'SUCCEEDED',
  model: 'mobilenet-v1',
  target: 885,
  budget: 50,
  reachedClass: 885,
  label: 'velvet',
  startConfidence: 0.062,
  confidence,
  curve,
  iterations: curve.length - 1,
  stopReason: 'goal',
  top5: [{ classIndex: 885, label: 'velvet', score: confidence }],
  constraints: [],
  constraintsHeld: true,
  imageUrl: null,
  error: null,
});

describe('FoolResultView', () => {
  it('says when the rounded 8-bit image scores below what the curve reached (0.992 vs 87.6%)', () => {
    render(<FoolResultView result={result([0.062, 0.5, 0.9, 0.97, 0.992], 0.876)} />);
    expect(screen.getByRole('status').textContent).toContain(
      'velvet at 87.6% (it started at 6.2%) after 4 iterations: it reached the goal confidence (before rounding).',
    );
    expect(screen.getByText(/it reached 99\.2% there\. Rounded to whole 0–255 values/).textContent).toContain(
      'the image scores 87.6%',
    );
  });

  it('adds nothing when the found image scores what the curve reached', () => {
    render(<FoolResultView result={result([0.062, 0.5, 0.99], 0.99)} />);
    expect(screen.getByRole('status').textContent).toMatch(/reached the goal confidence\.$/);
    expect(screen.queryByText(/Rounded to whole/)).toBeNull();
  });
});
