import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { AUDIT_OOD_QUERY, ID_IMAGES_ALL } from '../graphql/audits.js';
import type { AuditRun, OodMetrics } from '../graphql/types.js';
import { apiErrors } from '../lib/api-errors.js';
import { fmt, pct, runName } from '../lib/format.js';
import { ErrorList } from './error-list.js';
import { Loading } from './loading.js';
import { RocChart } from './roc-chart.js';

type Scores = 'msp' | 'maxLogit' | 'energy';
/** A run's metrics per score; null where the run has no such score or the server refused. */
export interface OodRun {
  index: number;
  model: string;
  kind: string;
  modelInfo: { outputKind: string } | null;
  msp: OodMetrics | null;
  maxLogit: OodMetrics | null;
  energy: OodMetrics | null;
}
const SCORES: readonly [Scores, string][] = [
  ['msp', 'MSP'],
  ['maxLogit', 'max logit'],
  ['energy', 'energy'],
];

/** Max logit and energy are read from logits; a model ending in a softmax has only MSP. */
const outputsProbabilities = (r: OodRun) => r.modelInfo?.outputKind === 'probabilities';

/** Why a run has no metrics for a score, in words. */
function missingReason(r: OodRun, key: Scores): string {
  return key !== 'msp' && outputsProbabilities(r)
    ? 'needs logits: this model outputs probabilities'
    : 'not available';
}

/** How many in-distribution images to score: all (what the CLI reports) or a quick tenth. */
const ID_LIMITS = [
  { value: ID_IMAGES_ALL, label: `all ${ID_IMAGES_ALL.toLocaleString('en')} (as the CLI)` },
  { value: ID_IMAGES_ALL / 10, label: `the first ${(ID_IMAGES_ALL / 10).toLocaleString('en')} (quicker)` },
] as const;

/** What the panel needs of the audit's runs: which of them OOD metrics can apply to. */
type AuditRunOod = Pick<AuditRun, 'index' | 'model' | 'oodInDistribution'>;

/** Models named once, in order. */
const modelNames = (runs: readonly AuditRunOod[]) => [...new Set(runs.map((r) => r.model))].join(', ');

/**
 * OpenOOD metrics of noise (positive) against the in-distribution test set, per run and score,
 * with each model's accuracy on those real images. Computed by the server on first request (it
 * runs the in-distribution images), so on demand; the page says which set and how many of its
 * images the numbers come from. Runs whose model has no in-distribution set (not 28×28 gray,
 * such as squeezenet1.1) are named in one line instead of asked for and refused.
 */
export function OodPanel({ auditId, runs: auditRuns }: { auditId: string; runs: readonly AuditRunOod[] }) {
  const [asked, setAsked] = useState(false);
  const [rocScore, setRocScore] = useState<Scores>('msp');
  const [limit, setLimit] = useState<number>(ID_IMAGES_ALL);
  const limitId = useId();
  const [{ data, fetching, error }] = useQuery<{ audit: { runs: OodRun[] } }>({
    query: AUDIT_OOD_QUERY,
    variables: { id: auditId, limit },
    pause: !asked,
  });
  const applies = new Set(auditRuns.filter((r) => r.oodInDistribution).map((r) => r.index));
  const without = auditRuns.filter((r) => !r.oodInDistribution);
  const runs = (data?.audit.runs ?? []).filter((r) => applies.has(r.index));
  // The runs without a set are explained below; their refusals are not news.
  const errors = apiErrors(error).filter((e) => e.code !== 'NO_IN_DISTRIBUTION_DATA');
  const accuracies = runs.filter((r) => r.msp && r.msp.accuracy !== null);
  const withMsp = runs.find((r) => r.msp)?.msp;
  const probabilityModels = [...new Set(runs.filter(outputsProbabilities).map((r) => r.model))];
  const rocLabel = SCORES.find(([key]) => key === rocScore)![1];
  const drawn = runs.filter((r) => r[rocScore]);
  const notDrawn = runs.filter((r) => !r[rocScore]);
  const withoutLine =
    without.length > 0 ? (
      <p className="notice">
        {applies.size > 0 ? 'Not computed for' : 'No OOD metrics for'} {modelNames(without)}: they need real
        images of the model's own kind, and this server has only fashion-mnist-test, for 28×28 gray models.
      </p>
    ) : null;
  if (applies.size === 0) return withoutLine;
  return (
    <>
      <p className="muted">
        Noise is the positive class; AUROC near 1 means the score separates noise from real images.
      </p>
      {withoutLine}
      <div className="inline-form">
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
        {!asked ? (
          <button type="button" onClick={() => setAsked(true)}>
            Compute OOD metrics
          </button>
        ) : null}
      </div>
      {fetching ? <Loading what="OOD metrics (the server classifies the in-distribution set first)" /> : null}
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
          {accuracies.map((r) => `${r.model} (run ${r.index}) ${pct(r.msp!.accuracy!)}`).join(', ')}.
        </p>
      ) : null}
      {runs.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>
              In-distribution data: {withMsp?.inDistribution ?? '—'}, its first{' '}
              {(withMsp?.inDistributionCount ?? limit).toLocaleString('en')} images
            </caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Score</th>
                <th scope="col" className="num">
                  AUROC
                </th>
                <th scope="col" className="num">
                  AUPR-in
                </th>
                <th scope="col" className="num">
                  AUPR-out
                </th>
                <th scope="col" className="num">
                  FPR@{pct(withMsp?.tpr ?? 0.95, 0)} TPR
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.flatMap((r) =>
                SCORES.map(([key, label]) => {
                  const m = r[key];
                  return (
                    <tr key={`${r.index}-${key}`}>
                      <th scope="row">
                        {r.model} (run {r.index})
                      </th>
                      <td>{label}</td>
                      {m ? (
                        <>
                          <td className="num">{fmt(m.auroc)}</td>
                          <td className="num">{fmt(m.auprIn)}</td>
                          <td className="num">{fmt(m.auprOut)}</td>
                          <td className="num">{fmt(m.fprAtTpr)}</td>
                        </>
                      ) : (
                        <td colSpan={4} className="muted">
                          {missingReason(r, key)}
                        </td>
                      )}
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
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
