// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, type Exchange, makeResult, type Operation, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { map, pipe } from 'wonka';
import '../test/render.js';
import { CheckPhoto } from './check-photo.js';

/** A client whose classifyImage answers a fixed top-2, recording what it was sent. */
function fakeClient(sent: Operation[]) {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((op) => {
        sent.push(op);
        return makeResult(op, {
          data: {
            classifyImage: [
              { __typename: 'Prediction', classIndex: 1, label: 'Trouser', score: 0.91 },
              { __typename: 'Prediction', classIndex: 3, label: 'Dress', score: 0.05 },
            ],
          },
        });
      }),
    );
  return new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] });
}

describe('CheckPhoto', () => {
  it('classifies the chosen photo with the model just registered and shows its top-k', async () => {
    const sent: Operation[] = [];
    render(
      <Provider value={fakeClient(sent)}>
        <CheckPhoto models={['fmnist-cnn', 'mine']} model="mine" />
      </Provider>,
    );
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Classify photo' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect((screen.getByLabelText('Model') as HTMLSelectElement).value).toBe('mine');
    const photo = new File([new Uint8Array([137, 80, 78, 71])], 'trousers.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText(/^Photo/), photo);
    await user.click(button);
    await screen.findByRole('status');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.variables).toEqual({ model: 'mine', image: photo });
    expect(screen.getByRole('status').textContent).toBe('mine reads it as Trouser.');
    expect(screen.getByText('91.0%')).toBeTruthy();
  });

  it('refuses a file that is not a PNG or JPEG the moment it is picked, before any request', async () => {
    const sent: Operation[] = [];
    render(
      <Provider value={fakeClient(sent)}>
        <CheckPhoto models={['fmnist-cnn']} model={null} />
      </Provider>,
    );
    const user = userEvent.setup({ applyAccept: false });
    const input = screen.getByLabelText(/^Photo/);
    await user.upload(input, new File(['not a photo'], 'notes.txt', { type: 'text/plain' }));
    const error = screen.getByText('notes.txt is not a PNG or JPEG photo');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Classify photo' }) as HTMLButtonElement).disabled).toBe(true);
    // A good photo picked next clears the error.
    await user.upload(input, new File([new Uint8Array([137, 80])], 'ok.png', { type: 'image/png' }));
    expect(screen.queryByText(/is not a PNG or JPEG photo/)).toBeNull();
    expect(sent).toHaveLength(0);
  });

  it('says so on selection when a .jpg cannot be decoded (its preview fails), before any request', async () => {
    const sent: Operation[] = [];
    render(
      <Provider value={fakeClient(sent)}>
        <CheckPhoto models={['fmnist-cnn']} model={null} />
      </Provider>,
    );
    const input = screen.getByLabelText(/^Photo/);
    await userEvent.setup().upload(input, new File(['garbage'], 'holiday.jpg', { type: 'image/jpeg' }));
    fireEvent.error(screen.getByAltText('Your upload'));
    const error = screen.getByText('holiday.jpg cannot be read as an image: pick a PNG or JPEG photo');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(screen.queryByAltText('Your upload')).toBeNull();
    expect((screen.getByRole('button', { name: 'Classify photo' }) as HTMLButtonElement).disabled).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
