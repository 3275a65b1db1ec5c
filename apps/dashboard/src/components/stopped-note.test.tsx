// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../test/render.js';
import { StoppedNote } from './stopped-note.js';

describe('StoppedNote', () => {
  it('tells the user’s own cancel as a neutral status, not an error', () => {
    render(<StoppedNote status="CANCELLED" processed={32} count={200} />);
    const note = screen.getByRole('status');
    expect(note.textContent).toBe('Cancelled at 32 of 200 images. Resume continues from there.');
    expect(note.className).toBe('notice');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tells an interrupted audit in plain words, as a warning, with what was kept', () => {
    render(<StoppedNote status="INTERRUPTED" processed={1024} count={200000} />);
    const note = screen.getByRole('status');
    expect(note.textContent).toBe(
      'The server stopped while this audit ran (1,024 of 200,000 images kept). Resume continues from there.',
    );
    expect(note.className).toContain('notice-warning');
    expect(note.textContent).not.toMatch(/resumeAudit|INTERRUPTED/);
  });

  it('says nothing for a running, finished or failed audit (a failure is an error with its code)', () => {
    for (const status of ['RUNNING', 'SUCCEEDED', 'FAILED'] as const) {
      const { container, unmount } = render(<StoppedNote status={status} processed={0} count={10} />);
      expect(container.textContent).toBe('');
      unmount();
    }
  });
});
