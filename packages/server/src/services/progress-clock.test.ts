import { describe, expect, it } from 'vitest';
import { ProgressClock } from './progress-clock.js';

describe('ProgressClock', () => {
  it('counts elapsed time from the start, and the ETA from the rate since the first report', () => {
    let ms = 5_000; // queued for 5 s: not counted
    const clock = new ProgressClock(() => ms);
    expect(clock.timing(0, 200)).toEqual({ elapsedSeconds: null, etaSeconds: null });
    clock.start();
    ms += 2_000; // 2 s loading the model
    clock.report(0);
    expect(clock.timing(0, 200)).toEqual({ elapsedSeconds: 2, etaSeconds: null });
    ms += 1_000; // 50 steps in 1 s: 150 left take 3 s
    clock.report(50);
    expect(clock.timing(50, 200)).toEqual({ elapsedSeconds: 3, etaSeconds: 3 });
    ms += 500; // no new report: the time ticks, the rate drops
    expect(clock.timing(50, 200)).toEqual({ elapsedSeconds: 3.5, etaSeconds: 4.5 });
    clock.start();
    expect(clock.timing(200, 200)).toEqual({ elapsedSeconds: 3.5, etaSeconds: 0 });
  });

  it('starts at the first report when the job never said it started', () => {
    let ms = 0;
    const clock = new ProgressClock(() => ms);
    clock.report(10);
    ms += 1_000;
    expect(clock.timing(20, 40)).toEqual({ elapsedSeconds: 1, etaSeconds: 2 });
  });
});
