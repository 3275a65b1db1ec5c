// @vitest-environment happy-dom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, type Exchange, getOperationName, makeResult, type Operation, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { filter, makeSubject, map, merge, mergeMap, pipe, share } from 'wonka';
import '../test/render.js';
import { AuditsPage } from './audits-page.js';

const row = (id: string, status: string) => ({
  __typename: 'Audit',
  id,
  status,
  count: 48,
  models: ['fmnist-cnn'],
  createdAt: '2026-01-01T00:00:00Z',
  noise: [{ __typename: 'NoiseSpec', kind: 'seed-wrap', seed: 0 }],
});

const MODELS = [
  { __typename: 'Model', id: 'fmnist-mlp', isDefault: false, inputShape: [28, 28, 1] },
  { __typename: 'Model', id: 'fmnist-cnn', isDefault: true, inputShape: [28, 28, 1] },
];

/**
 * A client whose audit-list queries answer from `list()` (recorded in `queries`), whose model
 * query answers {@link MODELS}, whose startAudit answers id `cccccccc-3` (recorded in
 * `mutations`) and whose auditsChanged stream is `events`.
 */
function fakeClient(list: () => ReturnType<typeof row>[]) {
  const events = makeSubject<Record<string, unknown>>();
  const queries: Operation[] = [];
  const mutations: Operation[] = [];
  const exchange: Exchange = () => (ops$) => {
    const shared = pipe(ops$, share);
    const queryResults = pipe(
      shared,
      filter((op) => op.kind === 'query' || op.kind === 'mutation'),
      map((op) => {
        if (op.kind === 'mutation') {
          mutations.push(op);
          return makeResult(op, {
            data: { startAudit: { __typename: 'Audit', id: 'cccccccc-3', status: 'QUEUED' } },
          });
        }
        if (getOperationName(op.query) === 'NewAuditOptions')
          return makeResult(op, { data: { models: MODELS, noiseKinds: [] } });
        queries.push(op);
        return makeResult(op, {
          data: { audits: { __typename: 'AuditConnection', edges: list().map((node) => ({ node })) } },
        });
      }),
    );
    const streamResults = pipe(
      shared,
      filter((op) => op.kind === 'subscription'),
      mergeMap((op) =>
        pipe(
          events.source,
          map((event) => makeResult(op, { data: { auditsChanged: event } })),
        ),
      ),
    );
    return merge([queryResults, streamResults]);
  };
  const client = new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] });
  return { client, events, queries, mutations };
}

describe('AuditsPage', () => {
  it('updates rows from auditsChanged and refetches the list for an audit it does not have', async () => {
    let audits = [row('aaaaaaaa-1', 'RUNNING')];
    const { client, events, queries } = fakeClient(() => audits);
    render(
      <Provider value={client}>
        <AuditsPage />
      </Provider>,
    );
    const table = await screen.findByRole('table', { name: 'Audits, newest first' });
    const first = () => within(table).getByRole('row', { name: /aaaaaaaa/ });
    expect(within(first()).getByText('running')).toBeTruthy();
    const fetchedBefore = queries.length;

    act(() => events.next({ auditId: 'aaaaaaaa-1', status: 'RUNNING', processed: 32, total: 48 }));
    expect(within(first()).getByText('32 of 48')).toBeTruthy();
    act(() => events.next({ auditId: 'aaaaaaaa-1', status: 'SUCCEEDED', processed: 48, total: 48 }));
    expect(within(first()).getByText('succeeded')).toBeTruthy();
    expect(within(first()).getByText('48')).toBeTruthy();
    // Known audits change in place: no request.
    expect(queries.length).toBe(fetchedBefore);

    // An audit started elsewhere: the list is fetched again, once, and shows it.
    audits = [row('bbbbbbbb-2', 'QUEUED'), ...audits];
    act(() => events.next({ auditId: 'bbbbbbbb-2', status: 'QUEUED', processed: 0, total: 48 }));
    await within(table).findByRole('row', { name: /bbbbbbbb/ });
    expect(queries.length).toBe(fetchedBefore + 1);
    expect(queries.at(-1)!.context.requestPolicy).toBe('network-only');
    act(() => events.next({ auditId: 'bbbbbbbb-2', status: 'RUNNING', processed: 16, total: 48 }));
    expect(within(table).getByRole('row', { name: /bbbbbbbb/ }).textContent).toContain('16 of 48');
    expect(queries.length).toBe(fetchedBefore + 1);
  });

  it('shows how far a cancelled, failed or interrupted audit got, not its count as if it were done', async () => {
    const stopped = (id: string, status: string, processed: number) => ({
      ...row(id, status),
      count: 3000,
      progress: { __typename: 'AuditProgress', processed },
    });
    const { client } = fakeClient(() => [
      stopped('aaaaaaaa-1', 'CANCELLED', 864),
      stopped('bbbbbbbb-2', 'INTERRUPTED', 64),
      stopped('cccccccc-3', 'SUCCEEDED', 3000),
    ]);
    render(
      <Provider value={client}>
        <AuditsPage />
      </Provider>,
    );
    const table = await screen.findByRole('table', { name: 'Audits, newest first' });
    const cells = (id: RegExp) => within(within(table).getByRole('row', { name: id })).getAllByRole('cell');
    expect(cells(/aaaaaaaa/).map((c) => c.textContent)).toContain('864 of 3,000');
    expect(cells(/bbbbbbbb/).map((c) => c.textContent)).toContain('64 of 3,000');
    expect(cells(/cccccccc/).map((c) => c.textContent)).toContain('3,000');
  });

  it('says what snowblind does and starts a first audit in one click, then opens its live page', async () => {
    const { client, mutations } = fakeClient(() => []);
    render(
      <Provider value={client}>
        <AuditsPage />
      </Provider>,
    );
    expect(screen.getByText(/names an object in pure noise/)).toBeTruthy();
    expect(document.title).toBe('Audits · snowblind');
    const start = await screen.findByRole('button', { name: 'Run a first audit' });
    expect(screen.getByText(/through fmnist-cnn, the default model/)).toBeTruthy();
    await userEvent.setup().click(start);
    expect(mutations.map((op) => op.variables)).toEqual([
      {
        input: {
          models: ['fmnist-cnn'],
          noise: [{ kind: 'seed-wrap', seed: 0, height: 28, width: 28, channels: 1 }],
          count: 200,
        },
      },
    ]);
    expect(window.location.pathname).toBe('/audits/cccccccc-3');
  });
});
