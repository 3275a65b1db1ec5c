// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, type Exchange, makeResult, type Operation, Provider } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { map, pipe } from 'wonka';
import '../test/render.js';
import { RegisterModelFormView } from './register-model-form.js';

/** A client whose registerModel answers like the server, recording what it was sent. */
function fakeClient(sent: Operation[]) {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((op) => {
        sent.push(op);
        const { input } = op.variables as { input: { id: string; labels?: string[] } };
        return makeResult(op, {
          data: {
            registerModel: {
              __typename: 'Model',
              id: input.id,
              format: 'onnx',
              inputShape: [1, 3, 224, 224],
              labels: input.labels ?? [],
              preset: { __typename: 'Preset', name: 'torchvision' },
            },
          },
        });
      }),
    );
  return new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] });
}

function renderForm() {
  const sent: Operation[] = [];
  const onRegistered = vi.fn();
  render(
    <Provider value={fakeClient(sent)}>
      <RegisterModelFormView onRegistered={onRegistered} />
    </Provider>,
  );
  // A file picker's accept list is only a hint: "All files" gets past it.
  return { sent, onRegistered, user: userEvent.setup({ applyAccept: false }) };
}

describe('RegisterModelFormView', () => {
  it('checks the id and the file before uploading, focusing the first bad field', async () => {
    const { sent, user } = renderForm();
    await user.type(screen.getByLabelText('Id'), '-bad id');
    await user.click(screen.getByRole('button', { name: 'Register model' }));
    expect(
      screen.getByText('letters, digits, ".", "_" or "-", starting with a letter or digit'),
    ).toBeTruthy();
    expect(screen.getByText('choose an .onnx file or a TF.js model folder as .zip')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Id'));
    await user.clear(screen.getByLabelText('Id'));
    await user.type(screen.getByLabelText('Id'), 'net');
    await user.upload(screen.getByLabelText(/^Model file/), new File(['x'], 'weights.bin'));
    await user.click(screen.getByRole('button', { name: 'Register model' }));
    expect(screen.getByText('weights.bin is not an .onnx or .zip file')).toBeTruthy();
    expect(sent).toHaveLength(0);
  });

  it('uploads the file with the preset and the labels, then says what the server registered', async () => {
    const { sent, onRegistered, user } = renderForm();
    const file = new File([new Uint8Array([8, 1])], 'resnet.onnx');
    await user.type(screen.getByLabelText('Id'), 'my-resnet');
    await user.upload(screen.getByLabelText(/^Model file/), file);
    await user.selectOptions(screen.getByLabelText('Preset'), 'torchvision');
    await user.type(screen.getByLabelText(/^Labels/), 'cat\n\n dog \n');
    await user.click(screen.getByRole('button', { name: 'Register model' }));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.variables).toEqual({
      input: { id: 'my-resnet', file, preset: 'torchvision', labels: ['cat', 'dog'] },
    });
    expect((await screen.findByRole('status')).textContent).toBe(
      'Registered my-resnet: onnx, input 224 × 224 × 3 (height × width × channels); declared 1 × 3 × 224 × 224, 2 labels. It is in the list below and in the new-audit form; check it on a photo below.',
    );
    expect(onRegistered).toHaveBeenCalledWith('my-resnet');
    expect((screen.getByLabelText('Id') as HTMLInputElement).value).toBe('');
  });

  it('shows an empty or oversized model file’s error as soon as it is picked', async () => {
    const { sent, user } = renderForm();
    const input = screen.getByLabelText(/^Model file/);
    await user.upload(input, new File([], 'empty.onnx'));
    expect(screen.getByText('empty.onnx is empty (0 bytes)').id).toBe(input.getAttribute('aria-describedby'));
    const big = new File(['x'], 'big.zip');
    Object.defineProperty(big, 'size', { value: 64 * 1024 * 1024 });
    await user.upload(input, big);
    expect(screen.queryByText(/is empty/)).toBeNull();
    expect(screen.getByText('big.zip is 64 MB; the server takes files up to 50 MB')).toBeTruthy();
    await user.upload(input, new File([new Uint8Array([8])], 'net.onnx'));
    expect(screen.queryByText(/the server takes files/)).toBeNull();
    expect(sent).toHaveLength(0);
  });
});
