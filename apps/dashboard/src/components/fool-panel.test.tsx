// @vitest-environment happy-dom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, type Exchange, makeResult, type Operation, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { filter, makeSubject, map, merge, mergeMap, pipe, share } from 'wonka';
import '../test/render.js';
import type { FoolProgress, FoolSearch } from '../graphql/types.js';
import { FoolPanel } from './fool-panel.js';

const found: FoolSearch = {
  id: 'f1',
  status: 'SUCCEEDED',
  model: 'fmnist-cnn',
  target: 8,
  budget: 20,
  reachedClass: 8,
  label: 'Bag',
  startConfidence: 0.21,
  confidence: 0.99,
  curve: [0.21, 0.6, 0.99],
  iterations: 2,
  stopReason: 'goal',
  top5: [{ classIndex: 8, label: 'Bag', score: 0.99 }],
  constraints: [{ constraint: 'linf', bound: 8, value: 8, held: true }],
  constraintsHeld: true,
  imageUrl: 'http://127.0.0.1/artifacts/fool/f1.png',
  error: null,
};

/** A client: `fool` answers queued, `foolProgress` streams `events`, `foolResult` answers `found`. */
function fakeClient() {
  const events = makeSubject<FoolProgress>();
  const mutations: Operation[] = [];
  const exchange: Exchange = () => (ops$) => {
    const shared = pipe(ops$, share);
    const answers = pipe(
      shared,
      filter((op) => op.kind !== 'subscription' && op.kind !== 'teardown'),
      map((op) => {
        if (op.kind === 'mutation') {
          mutations.push(op);
          return makeResult(op, { data: { fool: { ...found, status: 'QUEUED', curve: null } } });
        }
        return makeResult(op, { data: { foolResult: found } });
      }),
    );
    const stream = pipe(
      shared,
      filter((op) => op.kind === 'subscription'),
      mergeMap((op) =>
        pipe(
          events.source,
          map((event) => makeResult(op, { data: { foolProgress: event } })),
        ),
      ),
    );
    return merge([answers, stream]);
  };
  return {
    client: new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] }),
    events,
    mutations,
  };
}

const noise = {
  __typename: 'NoiseSpec',
  kind: 'seed-wrap',
  seed: 3,
  width: 256,
  height: 256,
  channels: 3,
  rng: 'default',
  params: {
    __typename: 'NoiseParams',
    mean: null,
    std: null,
    low: 0,
    high: 255,
    density: null,
    scale: null,
    color: null,
  },
};

function renderPanel() {
  const fake = fakeClient();
  render(
    <Provider value={fake.client}>
      <FoolPanel
        model="fmnist-cnn"
        noise={noise}
        index={7}
        targets={[
          { classIndex: 8, label: 'Bag', score: 0.21 },
          { classIndex: 6, label: 'Shirt', score: 0.1 },
        ]}
      />
    </Provider>,
  );
  return fake;
}

describe('FoolPanel', () => {
  it('starts from this noise image, draws the confidence live and shows what it found', async () => {
    const { events, mutations } = renderPanel();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Target class'), 'Bag (now 21.0%)');
    await user.click(screen.getByText('Budget and bounds'));
    await user.type(screen.getByLabelText('Iterations (budget)'), '20');
    await user.click(screen.getByRole('button', { name: 'Fool the model' }));
    expect(mutations).toHaveLength(1);
    // The run's spec as a NoiseSpecInput: no __typename, no unset parameters, no size.
    expect(mutations[0]!.variables).toEqual({
      input: {
        model: 'fmnist-cnn',
        noise: { kind: 'seed-wrap', seed: 3, channels: 3, rng: 'default', params: { low: 0, high: 255 } },
        index: 7,
        budget: 20,
        target: 8,
      },
    });
    await screen.findByText('Queued…');
    act(() => events.next({ foolId: 'f1', status: 'RUNNING', iteration: 1, budget: 20, confidence: 0.6 }));
    expect(screen.getByText('Iteration 1 of 20 · best confidence in Bag: 0.600')).toBeTruthy();
    expect(
      screen.getByRole('img', {
        name: /^Confidence per iteration: Confidence in Bag from 0\.600 at iteration 1/,
      }),
    ).toBeTruthy();
    expect(
      (screen.getByRole('progressbar', { name: 'Fool search iterations' }) as HTMLProgressElement).value,
    ).toBe(1);
    act(() => events.next({ foolId: 'f1', status: 'SUCCEEDED', iteration: 2, budget: 20, confidence: 0.99 }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Found: Bag at 99.0% (it started at 21.0%) after 2 iterations: it reached the goal confidence.',
    );
    // The final curve from foolResult, starting at iteration 0.
    expect(
      screen.getByRole('img', {
        name: /^Confidence per iteration: Confidence in Bag from 0\.210 at iteration 0 to 0\.990 at iteration 2 of 20/,
      }),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', { name: /Noise found by the search, classified as Bag at 99\.0%/ }),
    ).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Bounds against the start image: all kept' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fool the model' })).toBeTruthy();
  });

  it('refuses a budget out of range before anything is sent', async () => {
    const { mutations } = renderPanel();
    const user = userEvent.setup();
    await user.click(screen.getByText('Budget and bounds'));
    await user.type(screen.getByLabelText('Iterations (budget)'), '0');
    await user.click(screen.getByRole('button', { name: 'Fool the model' }));
    expect(screen.getByText('Iterations (budget) must be at least 1')).toBeTruthy();
    expect(mutations).toHaveLength(0);
  });
});
