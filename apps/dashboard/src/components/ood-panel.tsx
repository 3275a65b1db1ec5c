import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { AUDIT_OOD_QUERY, ID_IMAGES_ALL } from '../graphql/audits.js';
import { DELETE_IMAGE_SET_MUTATION, IMAGE_SETS_QUERY } from '../graphql/image-sets.js';
import type { AuditRun, ImageSet, OodMetrics } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { pct, runName } from '../lib/format.js';
import { ErrorList } from './error-list.js';
import { ImageSetUpload } from './image-set-upload.js';
import { BUILTIN, InDistributionPicker, UPLOAD } from './in-distribution-picker.js';
import { Loading } from './loading.js';
import {
  missingReason,
  OodMetricsTable,
  type OodRun,
  outputsProbabilities,
  SCORES,
  type Scores,
} from './ood-metrics-table.js';
import { RocChart } from './roc-chart.js';

/** How many in-distribution images to score: all (what the CLI reports) or a quick tenth. */
const ID_LIMITS = [
  { value: ID_IMAGES_ALL, label: `all ${ID_IMAGES_ALL.toLocaleString('en')} (as the CLI)` },
  { value: ID_IMAGES_ALL / 10, label: `the first ${(ID_IMAGES_ALL / 10).toLocaleString('en')} (quicker)` },
] as const;

/** What the panel needs of the audit's runs: which of them OOD metrics can apply to. */
type AuditRunOod = Pick<AuditRun, 'index' | 'model' | 'oodInDistribution'>;

/** Models named once, in order. */
const modelNames = (runs: readonly AuditRunOod[]) => [...new Set(runs.map((r) => r.model))].join(', ');

/** The caption of the metrics table: which real images, and how many of them. */
function sourceCaption(m: OodMetrics | null | undefined, set: ImageSet | undefined, limit: number): string {
  if (set) {
    const count = m?.inDistributionCount ?? set.count;
    return `In-distribution data: ${set.name} (uploaded), ${count.toLocaleString('en')} image${count === 1 ? '' : 's'}`;
  }
  return `In-distribution data: ${m?.inDistribution ?? '—'}, its first ${(m?.inDistributionCount ?? limit).toLocaleString('en')} images`;
}

/**
 * OpenOOD metrics of noise (positive) against real images, per run and score, with each model's
 * accuracy on them when they are labelled. The real images are picked: the built-in test set
 * (for models it fits), photos the user uploaded before, or new ones uploaded here (files or a
 * folder), which works for any model (an ImageNet model has no built-in set). Computed by the
 * server on first request (it runs the real images), so on demand; the page says which set and
 * how many of its images the numbers come from. Runs the built-in set does not fit are named in
 * one line instead of asked for and refused.
 */
export function OodPanel({ auditId, runs: auditRuns }: { auditId: string; runs: readonly AuditRunOod[] }) {
  const [asked, setAsked] = useState(false);
  const [rocScore, setRocScore] = useState<Scores>('msp');
  const [limit, setLimit] = useState<number>(ID_IMAGES_ALL);
  const [picked, setPicked] = useState<string | null>(null);
  const [deleteErrors, setDeleteErrors] = useState<ApiError[]>([]);
  const limitId = useId();
  const [setsResult, refetchSets] = useQuery<{ imageSets: ImageSet[] }>({ query: IMAGE_SETS_QUERY });
  const [{ fetching: deleting }, deleteSet] = useMutation(DELETE_IMAGE_SET_MUTATION);
  const sets = setsResult.data?.imageSets ?? [];
  const fitsBuiltin = new Set(auditRuns.filter((r) => r.oodInDistribution).map((r) => r.index));
  const fallback = fitsBuiltin.size > 0 ? BUILTIN : (sets[0]?.id ?? UPLOAD);
  const known =
    picked === UPLOAD || (picked === BUILTIN && fitsBuiltin.size > 0) || sets.some((s) => s.id === picked);
  const choice = picked !== null && known ? picked : fallback;
  const set = sets.find((s) => s.id === choice);
  const builtin = choice === BUILTIN;
  const [{ data, fetching, error }] = useQuery<{ audit: { runs: OodRun[] } }>({
    query: AUDIT_OOD_QUERY,
    variables: { id: auditId, limit: builtin ? limit : ID_IMAGES_ALL, set: set?.id ?? null },
    pause: !asked || choice === UPLOAD,
  });
  // An uploaded set is any model's; the built-in one only fits some.
  const applies = builtin ? fitsBuiltin : new Set(auditRuns.map((r) => r.index));
  const without = builtin ? auditRuns.filter((r) => !r.oodInDistribution) : [];
  const runs = choice === UPLOAD ? [] : (data?.audit.runs ?? []).filter((r) => applies.has(r.index));
  // The runs without a set are explained below; their refusals are not news.
  const errors = apiErrors(error).filter((e) => !builtin || e.code !== 'NO_IN_DISTRIBUTION_DATA');
  const accuracies = runs.filter((r) => r.msp && r.msp.accuracy !== null);
  const withMsp = runs.find((r) => r.msp)?.msp;
  const probabilityModels = [...new Set(runs.filter(outputsProbabilities).map((r) => r.model))];
  const rocLabel = SCORES.find(([key]) => key === rocScore)![1];
  const drawn = runs.filter((r) => r[rocScore]);
  const notDrawn = runs.filter((r) => !r[rocScore]);
  const noBuiltin = auditRuns.filter((r) => !r.oodInDistribution);
  const withoutLine =
    builtin && without.length > 0 ? (
      <p className="notice">
        Not computed for {modelNames(without)}: the built-in fashion-mnist-test is for 28×28 gray models. Pick
        or upload photos of {without.length === 1 ? 'its' : 'their'} own kind to compare the noise with them.
      </p>
    ) : fitsBuiltin.size === 0 ? (
      <p className="notice">
        {modelNames(noBuiltin)} {noBuiltin.length === 1 ? 'has' : 'have'} no built-in in-distribution set
        (fashion-mnist-test is for 28×28 gray models): upload photos of what{' '}
        {noBuiltin.length === 1 ? 'it was' : 'they were'} trained on, or pick photos uploaded before.
      </p>
    ) : null;
  const remove = async (doomed: ImageSet) => {
    const r = await deleteSet({ id: doomed.id });
    setDeleteErrors(apiErrors(r.error));
    if (!r.error) {
      setPicked(null);
      refetchSets({ requestPolicy: 'network-only' });
    }
  };
  return (
    <>
      <p className="muted">
        Noise is the positive class; AUROC near 1 means the score separates noise from real images.
      </p>
      {withoutLine}
      <div className="inline-form">
        <InDistributionPicker
          builtin={fitsBuiltin.size > 0}
          sets={sets}
          value={choice}
          onChange={setPicked}
          onDelete={(s) => void remove(s)}
          deleting={deleting}
        />
        {builtin ? (
          <div className="field inline">
            <label htmlFor={limitId}>Fashion-MNIST test images</label>
            <select id={limitId} value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
              {ID_LIMITS.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {!asked && choice !== UPLOAD ? (
          <button type="button" onClick={() => setAsked(true)}>
            Compute OOD metrics
          </button>
        ) : null}
      </div>
      <ErrorList errors={deleteErrors} title="The set was not deleted" />
      {choice === UPLOAD ? (
        <ImageSetUpload
          onUploaded={(uploaded) => {
            setPicked(uploaded.id);
            setAsked(true);
            refetchSets({ requestPolicy: 'network-only' });
          }}
        />
      ) : null}
      {fetching ? (
        <Loading what="OOD metrics (the server classifies the in-distribution images first)" />
      ) : null}
      <ErrorList errors={errors} title={runs.length > 0 ? 'Some OOD metrics failed' : 'No OOD metrics'} />
      {probabilityModels.length > 0 ? (
        <p className="notice">
          Max logit and energy need a model that outputs logits. {probabilityModels.join(', ')}{' '}
          {probabilityModels.length === 1
            ? 'outputs probabilities (it ends in a softmax), so only MSP is shown for it.'
            : 'output probabilities (they end in a softmax), so only MSP is shown for them.'}
        </p>
      ) : null}
      {accuracies.length > 0 ? (
        <p>
          Accuracy on these real images:{' '}
          {accuracies.map((r) => `${r.model} · ${r.kind} ${pct(r.msp!.accuracy!)}`).join(', ')}.
        </p>
      ) : set && runs.length > 0 ? (
        <p className="muted">Uploaded photos carry no labels, so there is no accuracy on them.</p>
      ) : null}
      {runs.length > 0 ? <OodMetricsTable runs={runs} caption={sourceCaption(withMsp, set, limit)} /> : null}
      {runs.length > 0 ? (
        <>
          <fieldset className="roc-score">
            <legend>ROC curve of</legend>
            {SCORES.map(([key, label]) => (
              <label key={key}>
                <input
                  type="radio"
                  name={`roc-score-${auditId}`}
                  value={key}
                  checked={rocScore === key}
                  onChange={() => setRocScore(key)}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          {drawn.length > 0 ? (
            <RocChart
              scoreLabel={rocLabel}
              curves={drawn.map((r) => {
                const m = r[rocScore]!;
                return { name: runName(r), auroc: m.auroc, fprAtTpr: m.fprAtTpr, tpr: m.tpr, points: m.roc };
              })}
            />
          ) : null}
          {notDrawn.length > 0 ? (
            <p className="muted">
              {drawn.length > 0 ? 'Not drawn' : `No ROC curve of ${rocLabel}`}:{' '}
              {notDrawn.map((r) => `${runName(r)} (${missingReason(r, rocScore)})`).join('; ')}.
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
