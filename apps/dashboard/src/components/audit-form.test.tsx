// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import '../test/render.js';
import { KINDS } from '../test/noise-kinds.js';
import { AuditForm } from './audit-form.js';

const MODELS = [
  { id: 'fmnist-cnn', isDefault: true },
  { id: 'fmnist-resnet', isDefault: false },
];

describe('AuditForm', () => {
  it('starts with the default model and the reference noise, and sends that input', async () => {
    const onSubmit = vi.fn(async () => []);
    render(<AuditForm models={MODELS} kinds={KINDS} onSubmit={onSubmit} />);
    expect((screen.getByLabelText('fmnist-cnn (default)') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(/seed-wrap/) as HTMLInputElement).checked).toBe(true);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start audit' }));
    expect(onSubmit).toHaveBeenCalledWith({
      models: ['fmnist-cnn'],
      noise: [{ kind: 'seed-wrap', seed: 0 }],
      count: 100,
    });
  });

  it('marks invalid fields, ties the message to the input, and sends nothing', async () => {
    const onSubmit = vi.fn(async () => []);
    render(<AuditForm models={MODELS} kinds={KINDS} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    const count = screen.getByLabelText('Count');
    await user.clear(count);
    await user.type(count, '0');
    await user.click(screen.getByLabelText(/gaussian/));
    await user.type(screen.getByLabelText('std'), '-3');
    await user.click(screen.getByRole('button', { name: 'Start audit' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(count.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('count must be between 1 and 1,000,000').id).toBe('count-error');
    expect(count.getAttribute('aria-describedby')).toContain('count-error');
    expect(screen.getByLabelText('std').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('std must be at least 0')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Fix the 2 fields marked above.');
    // Focus moves to the first bad field so keyboard users land on it.
    expect(document.activeElement).toBe(count);
  });

  it('asks for a model when none is checked', async () => {
    const onSubmit = vi.fn(async () => []);
    render(<AuditForm models={MODELS} kinds={KINDS} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('fmnist-cnn (default)'));
    await user.click(screen.getByRole('button', { name: 'Start audit' }));
    expect(screen.getByText('choose at least one model')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's errors with their extensions.code", async () => {
    const onSubmit = vi.fn(async () => [{ code: 'MODEL_NOT_FOUND', message: 'no model fmnist-resnet' }]);
    render(<AuditForm models={MODELS} kinds={KINDS} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('fmnist-resnet'));
    await user.click(screen.getByRole('button', { name: 'Start audit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server refused the audit');
    expect(alert.textContent).toContain('MODEL_NOT_FOUND no model fmnist-resnet');
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ models: ['fmnist-cnn', 'fmnist-resnet'] }),
    );
    expect(alert.textContent).not.toContain('Could not reach');
  });

  it('says it could not reach the server when the request got no answer, not that the server refused', async () => {
    const onSubmit = vi.fn(async () => [{ code: 'NETWORK_ERROR', message: 'Failed to fetch' }]);
    render(<AuditForm models={MODELS} kinds={KINDS} onSubmit={onSubmit} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start audit' }));
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Could not reach the server');
    expect(alert.textContent).toContain('Check that the snowblind server is running');
    expect(alert.textContent).not.toContain('refused');
  });
});
