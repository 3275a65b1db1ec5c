// @vitest-environment happy-dom
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../test/render.js';
import { type AttributionProgress, attributionProgressText } from '../lib/attribution-progress.js';
import { AttributionProgressBar } from './attribution-progress.js';

const event = (p: Partial<AttributionProgress>): AttributionProgress => ({
  explanationId: 'e1',
  status: 'RUNNING',
  done: 100,
  total: 200,
  elapsedSeconds: 3.1,
  etaSeconds: 3.1,
  receivedAt: 1_000,
  ...p,
});

describe('attributionProgressText', () => {
  it('names the units of each method, the elapsed time and the time left', () => {
    expect(attributionProgressText('INTEGRATED_GRADIENTS', event({}), 1_000)).toBe(
      'IG: 100 / 200 steps · 3.1 s elapsed · about 3 s left',
    );
    expect(
      attributionProgressText('NOISE_TUNNEL', event({ done: 50, total: 250, etaSeconds: 95 }), 1_000),
    ).toBe('Noise tunnel: 50 / 250 IG steps · 3.1 s elapsed · about 1 min 35 s left');
    expect(
      attributionProgressText('OCCLUSION', event({ done: 16, total: 784, etaSeconds: 0.4 }), 1_000),
    ).toBe('Occlusion: 16 / 784 windows · 3.1 s elapsed · less than a second left');
  });

  it('moves elapsed time and ETA on by the time since the event, and says what happens before the first unit', () => {
    expect(attributionProgressText('INTEGRATED_GRADIENTS', event({}), 3_000)).toBe(
      'IG: 100 / 200 steps · 5.1 s elapsed · about 1 s left',
    );
    expect(attributionProgressText('INTEGRATED_GRADIENTS', event({}), 60_000)).toBe(
      'IG: 100 / 200 steps · 1 min 2 s elapsed · less than a second left',
    );
    expect(
      attributionProgressText('INTEGRATED_GRADIENTS', event({ done: 0, total: 0, etaSeconds: null }), 1_500),
    ).toBe('IG: loading the model · 3.6 s elapsed');
    expect(
      attributionProgressText(
        'INTEGRATED_GRADIENTS',
        event({ status: 'QUEUED', done: 0, total: 0, elapsedSeconds: null, etaSeconds: null }),
        9_000,
      ),
    ).toBe('IG: waiting for a free worker');
  });

  it('says how long a finished attribution took, without ticking', () => {
    const done = event({
      status: 'SUCCEEDED',
      done: 200,
      total: 200,
      elapsedSeconds: 6.84,
      etaSeconds: null,
    });
    expect(attributionProgressText('INTEGRATED_GRADIENTS', done, 99_000)).toBe('IG: 200 steps in 6.8 s');
    // Ended before the stream opened: the server no longer knows its units or time.
    const before = event({ status: 'SUCCEEDED', done: 1, total: 1, elapsedSeconds: null, etaSeconds: null });
    expect(attributionProgressText('OCCLUSION', before, 99_000)).toBe('Occlusion: done');
  });
});

describe('AttributionProgressBar', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a progressbar of units done whose elapsed time keeps ticking between events', () => {
    const now = performance.now();
    render(
      <AttributionProgressBar
        method="INTEGRATED_GRADIENTS"
        progress={event({ receivedAt: now })}
        label="Integrated gradients progress"
      />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Integrated gradients progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(bar.getAttribute('aria-valuemax')).toBe('200');
    expect(screen.getByText('IG: 100 / 200 steps · 3.1 s elapsed · about 3 s left')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(screen.getByText('IG: 100 / 200 steps · 4.1 s elapsed · about 2 s left')).toBeTruthy();
  });

  it('drops the bar once the attribution succeeded and keeps the time it took', () => {
    render(
      <AttributionProgressBar
        method="OCCLUSION"
        progress={event({
          status: 'SUCCEEDED',
          done: 784,
          total: 784,
          elapsedSeconds: 12.4,
          etaSeconds: null,
        })}
        label="Occlusion progress"
      />,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('Occlusion: 784 windows in 12 s')).toBeTruthy();
  });
});
