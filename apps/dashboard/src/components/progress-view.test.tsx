// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import '../test/render.js';
import type { AuditProgress } from '../graphql/types.js';
import { ProgressView } from './progress-view.js';

const progress = (p: Partial<AuditProgress>): AuditProgress => ({
  auditId: 'a1',
  status: 'RUNNING',
  processed: 640,
  total: 2000,
  fraction: 0.32,
  imagesPerSecond: 143.27,
  etaSeconds: 9.5,
  runs: [
    {
      runIndex: 0,
      model: 'fmnist-cnn',
      kind: 'seed-wrap',
      processed: 1320,
      meanScore: 0.8123,
      maxScore: 0.9991,
      topLabel: 'Bag',
      topLabelCount: 1301,
    },
    {
      runIndex: 1,
      model: 'fmnist-resnet',
      kind: 'seed-wrap',
      processed: 320,
      meanScore: null,
      maxScore: null,
      topLabel: null,
      topLabelCount: 0,
    },
  ],
  ...p,
});

describe('ProgressView', () => {
  it('shows the progress bar, rate, ETA and running statistics per run', () => {
    render(<ProgressView progress={progress({})} onCancel={() => {}} />);
    const bar = screen.getByRole('progressbar', {
      name: /640 of 2,000 images \(32%\)/,
    }) as HTMLProgressElement;
    expect(bar.value).toBeCloseTo(0.32);
    expect(bar.max).toBe(1);
    expect(screen.getByText(/143\.3 images\/s · about 9\.5 s left/)).toBeTruthy();
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows).toEqual([
      ['fmnist-cnn · seed-wrap', '1,320', '0.812', '0.999', 'Bag (1,301)'],
      ['fmnist-resnet · seed-wrap', '320', '—', '—', '—'],
    ]);
    expect(screen.getByText('running')).toBeTruthy();
  });

  it('cancels from the keyboard while running', async () => {
    const onCancel = vi.fn();
    render(<ProgressView progress={progress({})} onCancel={onCancel} />);
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel audit' }));
    await user.keyboard('{Enter}');
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('offers no cancel once the audit ended, and shows no ETA', () => {
    render(
      <ProgressView
        progress={progress({
          status: 'SUCCEEDED',
          processed: 2000,
          fraction: 1,
          etaSeconds: 0,
          imagesPerSecond: 0,
        })}
        workingSeconds={16}
        onCancel={() => {}}
      />,
    );
    // The average over its running time, not the last (zero) rate of a finished job.
    expect(screen.getByText('2,000 images in 16 s of running time (125.0 images/s)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel audit' })).toBeNull();
    expect(screen.getByRole('progressbar', { name: /2,000 of 2,000 images \(100%\)/ })).toBeTruthy();
    expect(screen.queryByText(/left/)).toBeNull();
    expect(screen.getByText('succeeded')).toBeTruthy();
  });

  it('says a queued or just resumed audit has no rate yet instead of "0.0 images/s"', () => {
    const { rerender } = render(
      <ProgressView progress={progress({ status: 'QUEUED', imagesPerSecond: 0, etaSeconds: null })} />,
    );
    expect(document.getElementById('progress-rate')?.textContent).toBe('Waiting for a worker to start it.');
    rerender(<ProgressView progress={progress({ imagesPerSecond: 0, etaSeconds: null })} />);
    expect(document.getElementById('progress-rate')?.textContent).toBe(
      'Starting: the rate shows after the first batch.',
    );
    expect(screen.queryByText(/images\/s/)).toBeNull();
  });

  it('says the server is not answering instead of a rate and ETA, and disables cancel', () => {
    const lostAt = new Date(2026, 11, 3, 10, 21, 3).getTime();
    const onCancel = vi.fn();
    render(<ProgressView progress={progress({})} onCancel={onCancel} lostAt={lostAt} />);
    expect(screen.queryByText(/images\/s/)).toBeNull();
    expect(screen.queryByText(/left/)).toBeNull();
    expect(screen.queryByText('running')).toBeNull();
    expect(screen.getByText('server not answering')).toBeTruthy();
    const cancel = screen.getByRole('button', { name: 'Cancel audit' }) as HTMLButtonElement;
    expect(cancel.disabled).toBe(true);
    expect(cancel.getAttribute('aria-describedby')).toBe('progress-rate');
    expect(document.getElementById('progress-rate')?.textContent).toBe(
      'No answer from the server since 10:21:03: this is the last progress it reported, and the audit may have stopped.',
    );
  });

  it('shows an ended audit as it is even while the server is away', () => {
    render(
      <ProgressView
        progress={progress({ status: 'SUCCEEDED', processed: 2000, fraction: 1 })}
        workingSeconds={16}
        lostAt={Date.now()}
      />,
    );
    expect(screen.getByText('succeeded')).toBeTruthy();
    expect(screen.getByText('2,000 images in 16 s of running time (125.0 images/s)')).toBeTruthy();
  });
});
