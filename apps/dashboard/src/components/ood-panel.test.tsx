// @vitest-environment happy-dom

import { fireEvent, render, screen, within } from '@testing-library/react';
import { Client, type Exchange, type ExecutionResult, makeResult, type Operation, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { map, pipe } from 'wonka';
import type { ImageSet, OodMetrics } from '../graphql/types.js';
import '../test/render.js';
import type { OodRun } from './ood-metrics-table.js';
import { OodPanel } from './ood-panel.js';

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

/** An uploaded set as the server lists it. */
const photosSet: ImageSet = {
  id: 'set-0',
  name: 'shop photos',
  count: 12,
  bytes: 1e6,
  createdAt: '2026-12-03T12:00:00Z',
};

type GraphQLFormattedError = NonNullable<ExecutionResult['errors']>[number];

/** The uploaded image sets the fake server holds, and the mutations it was sent. */
interface FakeSets {
  sets: ImageSet[];
  uploads: { files: File[]; name?: string }[];
  deleted: string[];
}

const operationName = (op: Operation) => {
  const definition = op.query.definitions[0];
  return definition?.kind === 'OperationDefinition' ? definition.name?.value : undefined;
};

/**
 * A client answering the OOD query with these runs (and `errors`), recording its variables, and
 * the image set operations from `fake` (an upload stores a set named as asked, of its files).
 */
function client(
  runs: OodRun[],
  errors: GraphQLFormattedError[] = [],
  asked: Record<string, unknown>[] = [],
  fake: FakeSets = { sets: [], uploads: [], deleted: [] },
): Client {
  const exchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      map((op) => {
        const name = operationName(op);
        if (name === 'ImageSets') return makeResult(op, { data: { imageSets: [...fake.sets] } });
        if (name === 'UploadImageSet') {
          const vars = op.variables as { files: File[]; name?: string };
          fake.uploads.push(vars);
          const set = {
            ...photosSet,
            id: `set-${fake.uploads.length}`,
            name: vars.name ?? 'photos',
            count: vars.files.length,
          };
          fake.sets.unshift(set);
          return makeResult(op, { data: { uploadImageSet: set } });
        }
        if (name === 'DeleteImageSet') {
          const { id } = op.variables as { id: string };
          fake.deleted.push(id);
          fake.sets = fake.sets.filter((s) => s.id !== id);
          return makeResult(op, { data: { deleteImageSet: { id } } });
        }
        asked.push(op.variables as Record<string, unknown>);
        // As the server: the metrics come from as many real images as were asked for, or the set's.
        const { limit, set } = op.variables as { limit: number; set: string | null };
        const chosen = fake.sets.find((s) => s.id === set);
        const count = chosen ? chosen.count : limit;
        const source = chosen ? chosen.name : 'fashion-mnist-test';
        const counted = (m: OodMetrics | null) =>
          m && {
            ...m,
            inDistributionCount: count,
            inDistribution: source,
            ...(chosen ? { accuracy: null } : {}),
          };
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
      ['fmnist-cnn · seed-wrap', 'MSP', '0.610', '0.900', '0.500', '0.420'],
      ['fmnist-cnn · seed-wrap', 'max logit', '0.830', '0.900', '0.500', '0.420'],
      ['fmnist-cnn · seed-wrap', 'energy', '0.850', '0.900', '0.500', '0.420'],
      ['fmnist-softmax · seed-wrap', 'MSP', '0.780', '0.900', '0.500', '0.420'],
      ['fmnist-softmax · seed-wrap', 'max logit', 'needs logits: this model outputs probabilities'],
      ['fmnist-softmax · seed-wrap', 'energy', 'needs logits: this model outputs probabilities'],
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
      'Accuracy on these real images: fmnist-cnn · seed-wrap 80.5%, fmnist-softmax · seed-wrap 89.0%.',
    );
  });

  it('for a model with no built-in set, says why, and turns uploaded photos into metrics', async () => {
    const asked: Record<string, unknown>[] = [];
    const fake: FakeSets = { sets: [], uploads: [], deleted: [] };
    const squeeze: OodRun = { ...logits, model: 'squeezenet1.1', kind: 'uniform' };
    render(
      <Provider value={client([squeeze], [], asked, fake)}>
        <OodPanel auditId="a1" runs={[{ index: 0, model: 'squeezenet1.1', oodInDistribution: null }]} />
      </Provider>,
    );
    expect(screen.getByText(/^squeezenet1\.1 has no built-in/).textContent).toBe(
      'squeezenet1.1 has no built-in in-distribution set (fashion-mnist-test is for 28×28 gray models): upload photos of what it was trained on, or pick photos uploaded before.',
    );
    // Nothing to compute yet and no refusal: the picker opens on the upload form.
    expect(screen.queryByRole('button', { name: 'Compute OOD metrics' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByLabelText('In-distribution images') as HTMLSelectElement).value).toBe('upload');
    const form = screen.getByRole('form', { name: 'Upload photos' });
    const upload = within(form).getByRole('button', { name: /^Upload/ }) as HTMLButtonElement;
    expect(upload.disabled).toBe(true);

    // Too many photos: said on selection, nothing sent.
    const photo = (name: string) => new File([new Uint8Array(2048)], name, { type: 'image/jpeg' });
    const many = Array.from({ length: 501 }, (_, i) => photo(`${i}.jpg`));
    fireEvent.change(within(form).getByLabelText('Photos'), { target: { files: many } });
    expect(within(form).getByRole('alert').textContent).toContain('501 photos: a set holds at most 500');
    expect(within(form).getByLabelText('Photos').getAttribute('aria-describedby')).toBe(
      within(form).getByRole('alert').id,
    );
    expect(upload.disabled).toBe(true);

    // Two photos and a text file: the text file is left out, in words.
    const picked = [photo('b.jpg'), new File(['x'], 'notes.txt'), photo('a.jpg')];
    fireEvent.change(within(form).getByLabelText('Photos'), { target: { files: picked } });
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(within(form).getByText(/^2 photos/).textContent).toBe(
      '2 photos, 4 KB; left out (not photos): notes.txt.',
    );
    fireEvent.change(within(form).getByLabelText('Name of the set (optional)'), {
      target: { value: 'my cats' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Upload 2 photos' }));

    const table = await screen.findByRole('table');
    expect(fake.uploads.map((u) => [u.name, u.files.map((f) => f.name)])).toEqual([
      ['my cats', ['a.jpg', 'b.jpg']],
    ]);
    expect(asked.at(-1)).toMatchObject({ id: 'a1', set: 'set-1' });
    expect(within(table).getByText(/^In-distribution data/).textContent).toBe(
      'In-distribution data: my cats (uploaded), 2 images',
    );
    expect(within(table).getByRole('row', { name: /squeezenet1\.1 · uniform MSP/ }).textContent).toContain(
      '0.610',
    );
    expect(screen.getByText(/carry no labels/)).toBeTruthy();
    expect((screen.getByLabelText('In-distribution images') as HTMLSelectElement).value).toBe('set-1');
  });

  it('offers the built-in set first, then uploaded sets, and deletes the chosen one', async () => {
    const asked: Record<string, unknown>[] = [];
    const fake: FakeSets = { sets: [photosSet], uploads: [], deleted: [] };
    render(
      <Provider value={client([logits], [], asked, fake)}>
        <OodPanel auditId="a1" runs={[{ ...logits, oodInDistribution: 'fashion-mnist-test' }]} />
      </Provider>,
    );
    const picker = screen.getByLabelText('In-distribution images') as HTMLSelectElement;
    expect(Array.from(picker.options, (o) => o.textContent)).toEqual([
      'Fashion-MNIST test set (built in)',
      'shop photos: 12 photos (uploaded)',
      'Upload photos…',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Compute OOD metrics' }));
    await screen.findByText('In-distribution data: fashion-mnist-test, its first 10,000 images');
    expect(asked.at(-1)).toMatchObject({ set: null, limit: 10_000 });

    fireEvent.change(picker, { target: { value: 'set-0' } });
    await screen.findByText('In-distribution data: shop photos (uploaded), 12 images');
    expect(asked.at(-1)).toMatchObject({ set: 'set-0' });
    // The Fashion-MNIST count applies to the built-in set only.
    expect(screen.queryByLabelText('Fashion-MNIST test images')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Delete “shop photos”' }));
    await screen.findByText('In-distribution data: fashion-mnist-test, its first 10,000 images');
    expect(fake.deleted).toEqual(['set-0']);
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
