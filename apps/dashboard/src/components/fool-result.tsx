import type { FoolSearch } from '../graphql/types.js';
import { fmt, pct } from '../lib/format.js';
import { ErrorList } from './error-list.js';
import { ScrollTable } from './scroll-table.js';
import { TopKTable } from './top-k-table.js';

/** Why a search stopped, in words (core's `FoolStopReason`). */
const STOP_REASONS: Record<string, string> = {
  goal: 'it reached the goal confidence',
  budget: 'it used its iterations',
  stalled: 'it stopped improving',
};

/**
 * The search's best confidence on its own, unrounded pixels (the curve's top) when the found
 * image, rounded to whole 0–255 values, scores noticeably differently; null when they agree.
 */
export function unroundedBest(result: Pick<FoolSearch, 'curve' | 'confidence'>): number | null {
  if (!result.curve || result.curve.length === 0 || result.confidence === null) return null;
  const best = Math.max(...result.curve);
  return Math.abs(best - result.confidence) > 0.005 ? best : null;
}

/** What a finished fool search found: the image, how sure the model is, and the bounds it kept. */
export function FoolResultView({ result }: { result: FoolSearch }) {
  if (result.status !== 'SUCCEEDED') {
    return (
      <>
        <p role="status">
          The search ended <strong>{result.status.toLowerCase()}</strong>
          {result.status === 'CANCELLED' ? ' (stopped on request)' : ''}.
        </p>
        {result.error ? <ErrorList errors={[result.error]} title="The search failed" /> : null}
      </>
    );
  }
  const unrounded = unroundedBest(result);
  return (
    <div className="fool-result">
      <p role="status">
        Found: <strong>{result.label}</strong> at {pct(result.confidence)} (it started at{' '}
        {pct(result.startConfidence)}) after {result.iterations} iterations:{' '}
        {STOP_REASONS[result.stopReason ?? ''] ?? result.stopReason}
        {unrounded === null ? '.' : ' (before rounding).'}
      </p>
      {unrounded !== null ? (
        <p className="muted">
          The curve is the search's own image, whose pixels need not be whole numbers; it reached{' '}
          {pct(unrounded)} there. Rounded to whole 0–255 values, as the PNG below, the image scores{' '}
          {pct(result.confidence)}.
        </p>
      ) : null}
      <div className="sample-head">
        {result.imageUrl ? (
          <figure className="card sample-full">
            <img
              src={result.imageUrl}
              alt={`Noise found by the search, classified as ${result.label} at ${pct(result.confidence)}`}
              className="pixelated full"
            />
            <figcaption>
              At the model's input size · <a href={result.imageUrl}>PNG</a>
            </figcaption>
          </figure>
        ) : null}
        <TopKTable predictions={result.top5 ?? []} />
      </div>
      {result.constraints && result.constraints.length > 0 ? (
        <ScrollTable label="Bounds against the start image">
          <table>
            <caption>Bounds against the start image{result.constraintsHeld ? ': all kept' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Bound</th>
                <th scope="col" className="num">
                  Limit
                </th>
                <th scope="col" className="num">
                  Measured
                </th>
                <th scope="col">Kept</th>
              </tr>
            </thead>
            <tbody>
              {result.constraints.map((c) => (
                <tr key={c.constraint}>
                  <th scope="row">{c.constraint}</th>
                  <td className="num">{c.bound === null ? '—' : fmt(c.bound, 2)}</td>
                  <td className="num">{fmt(c.value, 2)}</td>
                  <td>{c.held ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : null}
    </div>
  );
}
