// @vitest-environment happy-dom

import { fireEvent, render, screen, within } from '@testing-library/react';
import { Client, type Exchange, type ExecutionResult, makeResult, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { map, pipe } from 'wonka';
import type { OodMetrics } from '../graphql/types.js';
import '../test/render.js';
import { OodPanel, type OodRun } from './ood-panel.js';

const metrics = (auroc: number): OodMetrics => ({
  auroc,
  auprIn: 0.9,
  auprOut: 0.5,
  fprAtTpr: 0.42,
  tpr: 0.95,
  inDistribution: 'fashion-mnist-test',
  inDistributionCount: 10_000,
  accuracy: auroc / 2 + 0.5,
  roc: [
    { fpr: 0, tpr: 0, threshold: null },
    { fpr: 0.2, tpr: 0.7, threshold: 0.6 },
    { fpr: 1, tpr: 1, threshold: 1 },
  ],
});

/** A model ending in a softmax: the server has MSP only, null for max logit and energy. */
const probabilities: OodRun = {
  index: 1,
  model: 'fmnist-softmax',
  kind: 'seed-wrap',
  modelInfo: { outputKind: 'probabilities' },
  msp: metrics(0.78),
  maxLogit: null,
  energy: null,
};
const logits: OodRun = {
  index: 0,
  model: 'fmnist-cnn',
  kind: 'seed-wrap',
  modelInfo: { outputKind: 'logits' },
  msp: metrics(0.61),
  maxLogit: metrics(0.83),
  energy: metrics(0.85),
};

type GraphQLFormattedError = NonNullable<ExecutionResult['errors']>[number];

/** A client answering every query with these runs (and `errors`), recording the variables asked. */
function client(
  runs: OodRun[],
  errors: GraphQLFormattedError[] = [],
  asked: Record<string, unknown>[] = [],
): Client {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((op) => {
        asked.push(op.variables as Record<string, unknown>);
        // As the server: the metrics come from as many real images as were asked for.
        const count = (op.variables as { limit: number }).limit;
        const counted = (m: OodMetrics | null) => m && { ...m, inDistributionCount: count };
        const answered = runs.map((r) => ({
          ...r,
          msp: counted(r.msp),
          maxLogit: counted(r.maxLogit),
          energy: counted(r.energy),
        }));
        const data = { audit: { __typename: 'Audit', id: 'a1', runs: answered } };
        return makeResult(op, errors.length > 0 ? { data, errors } : { data });
      }),
    );
  return new Client({ url: 'http://127.0.0.1/graphql', exchanges: [exchange] });
}

async function renderPanel(
  runs: OodRun[],
  errors: GraphQLFormattedError[] = [],
  asked: Record<string, unknown>[] = [],
) {
  render(
    <Provider value={client(runs, errors, asked)}>
      <OodPanel auditId="a1" runs={runs.map((r) => ({ ...r, oodInDistribution: 'fashion-mnist-test' }))} />
    </Provider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Compute OOD metrics' }));
  return screen.findByRole('table');
}

describe('OodPanel', () => {
  it('shows MSP metrics and the ROC curve of a probabilities model, and says max logit and energy need logits', async () => {
    const table = await renderPanel([logits, probabilities]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/Max logit and energy need a model that outputs logits/).textContent).toBe(
      'Max logit and energy need a model that outputs logits. fmnist-softmax outputs probabilities ' +
        '(it ends in a softmax), so only MSP is shown for it.',
    );
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows).toEqual([
      ['fmnist-cnn (run 0)', 'MSP', '0.610', '0.900', '0.500', '0.420'],
      ['fmnist-cnn (run 0)', 'max logit', '0.830', '0.900', '0.500', '0.420'],
      ['fmnist-cnn (run 0)', 'energy', '0.850', '0.900', '0.500', '0.420'],
      ['fmnist-softmax (run 1)', 'MSP', '0.780', '0.900', '0.500', '0.420'],
      ['fmnist-softmax (run 1)', 'max logit', 'needs logits: this model outputs probabilities'],
      ['fmnist-softmax (run 1)', 'energy', 'needs logits: this model outputs probabilities'],
    ]);

    // MSP: both runs are drawn.
    expect(screen.getByRole('img', { name: /^ROC curves for MSP/ }).getAttribute('aria-label')).toBe(
      'ROC curves for MSP: fmnist-cnn · seed-wrap (AUROC 0.610); fmnist-softmax · seed-wrap (AUROC 0.780)',
    );
    expect(screen.queryByText(/Not drawn/)).toBeNull();

    // Energy: only the logits run has a curve; the other is named with the reason.
    fireEvent.click(screen.getByRole('radio', { name: 'energy' }));
    expect(screen.getByRole('img', { name: /^ROC curves for energy/ }).getAttribute('aria-label')).toBe(
      'ROC curves for energy: fmnist-cnn · seed-wrap (AUROC 0.850)',
    );
    expect(screen.getByText(/^Not drawn/).textContent).toBe(
      'Not drawn: fmnist-softmax · seed-wrap (needs logits: this model outputs probabilities).',
    );
  });

  it('draws no empty chart when no run has the chosen score', async () => {
    await renderPanel([probabilities]);
    expect(screen.getByRole('img', { name: /^ROC curves for MSP/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'max logit' }));
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.getByText(/^No ROC curve of max logit/).textContent).toBe(
      'No ROC curve of max logit: fmnist-softmax · seed-wrap (needs logits: this model outputs probabilities).',
    );
  });

  it('scores all 10,000 Fashion-MNIST test images unless asked for fewer, and says how many', async () => {
    const asked: Record<string, unknown>[] = [];
    const table = await renderPanel([logits], [], asked);
    expect(asked.at(-1)).toMatchObject({ id: 'a1', limit: 10_000 });
    expect(within(table).getByText(/^In-distribution data/).textContent).toBe(
      'In-distribution data: fashion-mnist-test, its first 10,000 images',
    );
    fireEvent.change(screen.getByLabelText('Fashion-MNIST test images'), { target: { value: '1000' } });
    expect(asked.at(-1)).toMatchObject({ limit: 1000 });
    expect((await screen.findByText(/its first 1,000 images/)).textContent).toBe(
      'In-distribution data: fashion-mnist-test, its first 1,000 images',
    );
  });

  it('shows the accuracy on the real images beside the metrics', async () => {
    await renderPanel([logits, probabilities]);
    expect(screen.getByText(/^Accuracy on these real images/).textContent).toBe(
      'Accuracy on these real images: fmnist-cnn (run 0) 80.5%, fmnist-softmax (run 1) 89.0%.',
    );
  });

  it('offers nothing to compute for a model with no in-distribution set, and says why in one line', () => {
    const asked: Record<string, unknown>[] = [];
    render(
      <Provider value={client([], [], asked)}>
        <OodPanel auditId="a1" runs={[{ index: 0, model: 'squeezenet1.1', oodInDistribution: null }]} />
      </Provider>,
    );
    expect(screen.queryByRole('button', { name: 'Compute OOD metrics' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(asked).toEqual([]);
    expect(screen.getByText(/^No OOD metrics for/).textContent).toBe(
      "No OOD metrics for squeezenet1.1: they need real images of the model's own kind, and this server has only fashion-mnist-test, for 28×28 gray models.",
    );
  });

  it('with some runs that fit, computes theirs and names the others once, without their refusals', async () => {
    const none = { index: 1, model: 'squeezenet1.1', oodInDistribution: null };
    const error = {
      message: 'no in-distribution data set for "squeezenet1.1" (224×224×3)',
      extensions: { code: 'NO_IN_DISTRIBUTION_DATA' },
    };
    const squeeze: OodRun = {
      ...logits,
      index: 1,
      model: 'squeezenet1.1',
      msp: null,
      maxLogit: null,
      energy: null,
    };
    render(
      <Provider value={client([logits, squeeze], [error, error, error])}>
        <OodPanel auditId="a1" runs={[{ ...logits, oodInDistribution: 'fashion-mnist-test' }, none]} />
      </Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Compute OOD metrics' }));
    const table = await screen.findByRole('table');
    expect(within(table).queryByText(/squeezenet/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/^Not computed for/).textContent).toMatch(/^Not computed for squeezenet1\.1: /);
  });
});
