import { describe, expect, it } from 'vitest';
import { missingSample } from './missing-sample.js';

describe('missingSample', () => {
  it('waits for a sample a running or queued audit has not scored yet', () => {
    for (const status of ['QUEUED', 'RUNNING'] as const) {
      const note = missingSample(status, 40, 0, 200);
      expect(note.pending).toBe(true);
      expect(note.text).toMatch(/^Sample #40 is not scored yet: the audit is still running/);
    }
  });

  it('says a stopped audit left the sample out, and a sample past the end does not exist', () => {
    expect(missingSample('CANCELLED', 40, 1, 200)).toEqual({
      text: 'The audit stopped before sample #40. Resume it from its page to score the rest.',
      pending: false,
    });
    expect(missingSample('RUNNING', 200, 1, 200)).toEqual({
      text: 'This audit has no sample 200 in run 1.',
      pending: false,
    });
    expect(missingSample('SUCCEEDED', 3, 7, 200).pending).toBe(false);
  });
});
