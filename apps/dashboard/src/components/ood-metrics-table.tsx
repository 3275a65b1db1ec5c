import type { OodMetrics } from '../graphql/types.js';
import { fmt, pct } from '../lib/format.js';
import { RunName } from './run-name.js';
import { ScrollTable } from './scroll-table.js';

/** The detector scores OpenOOD reports, as the query aliases them. */
export type Scores = 'msp' | 'maxLogit' | 'energy';
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
export const SCORES: readonly [Scores, string][] = [
  ['msp', 'MSP'],
  ['maxLogit', 'max logit'],
  ['energy', 'energy'],
];

/** Max logit and energy are read from logits; a model ending in a softmax has only MSP. */
export const outputsProbabilities = (r: OodRun) => r.modelInfo?.outputKind === 'probabilities';

/** Why a run has no metrics for a score, in words. */
export function missingReason(r: OodRun, key: Scores): string {
  return key !== 'msp' && outputsProbabilities(r)
    ? 'needs logits: this model outputs probabilities'
    : 'not available';
}

/**
 * The OOD metrics of every run and score in one table, captioned with the real images they
 * come from; a score a run has not (max logit of a softmax model) says why instead.
 */
export function OodMetricsTable({ runs, caption }: { runs: readonly OodRun[]; caption: string }) {
  const withMsp = runs.find((r) => r.msp)?.msp;
  return (
    <ScrollTable label={caption}>
      <table>
        <caption>{caption}</caption>
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
                    <RunName run={r} />
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
    </ScrollTable>
  );
}
