import { useState } from 'react';
import { useQuery } from 'urql';
import { AUDIT_OOD_QUERY } from '../graphql/audits.js';
import type { OodMetrics } from '../graphql/types.js';
import { apiErrors } from '../lib/api-errors.js';
import { fmt, pct, runName } from '../lib/format.js';
import { ErrorList } from './error-list.js';
import { Loading } from './loading.js';
import { RocChart } from './roc-chart.js';

type Scores = 'msp' | 'maxLogit' | 'energy';
interface OodRun {
  index: number;
  model: string;
  kind: string;
  msp: OodMetrics;
  maxLogit: OodMetrics;
  energy: OodMetrics;
}
const SCORES: readonly [Scores, string][] = [
  ['msp', 'MSP'],
  ['maxLogit', 'max logit'],
  ['energy', 'energy'],
];

/**
 * OpenOOD metrics of noise (positive) against the in-distribution test set, per run and score.
 * Computed by the server on first request (it runs the in-distribution images), so on demand.
 */
export function OodPanel({ auditId }: { auditId: string }) {
  const [asked, setAsked] = useState(false);
  const [rocScore, setRocScore] = useState<Scores>('msp');
  const [{ data, fetching, error }] = useQuery<{ audit: { runs: OodRun[] } }>({
    query: AUDIT_OOD_QUERY,
    variables: { id: auditId },
    pause: !asked,
  });
  const runs = data?.audit.runs ?? [];
  const inDistribution = runs[0]?.msp.inDistribution;
  return (
    <>
      <p className="muted">
        Noise is the positive class; AUROC near 1 means the score separates noise from real images.
      </p>
      {!asked ? (
        <button type="button" onClick={() => setAsked(true)}>
          Compute OOD metrics
        </button>
      ) : null}
      {fetching ? <Loading what="OOD metrics (the server classifies the in-distribution set first)" /> : null}
      <ErrorList errors={apiErrors(error)} title="No OOD metrics" />
      {runs.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>In-distribution data: {inDistribution}</caption>
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
                  FPR@{pct(runs[0]?.msp.tpr, 0)} TPR
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.flatMap((r) =>
                SCORES.map(([key, label]) => (
                  <tr key={`${r.index}-${key}`}>
                    <th scope="row">
                      {r.model} (run {r.index})
                    </th>
                    <td>{label}</td>
                    <td className="num">{fmt(r[key].auroc)}</td>
                    <td className="num">{fmt(r[key].auprIn)}</td>
                    <td className="num">{fmt(r[key].auprOut)}</td>
                    <td className="num">{fmt(r[key].fprAtTpr)}</td>
                  </tr>
                )),
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
          <RocChart
            scoreLabel={SCORES.find(([key]) => key === rocScore)![1]}
            curves={runs
              .filter((r) => r[rocScore])
              .map((r) => ({
                name: runName(r),
                auroc: r[rocScore].auroc,
                fprAtTpr: r[rocScore].fprAtTpr,
                tpr: r[rocScore].tpr,
                points: r[rocScore].roc,
              }))}
          />
        </>
      ) : null}
    </>
  );
}
