import type { AuditProgress } from '../graphql/types.js';
import { clockTime, duration, fmt, pct } from '../lib/format.js';
import { RunName } from './run-name.js';
import { ScrollTable } from './scroll-table.js';
import { StatusBadge } from './status-badge.js';

interface Props {
  progress: AuditProgress;
  /**
   * Seconds the audit spent running (over its start and every resume, not the time it sat
   * stopped), for the average shown once it ended.
   */
  workingSeconds?: number | null | undefined;
  onCancel?: (() => void) | undefined;
  cancelling?: boolean;
  /**
   * Since when the server has not answered (ms since the epoch), or null while it does. The
   * progress is then only its last report: no rate, no ETA, and no cancel it could not receive.
   */
  lostAt?: number | null;
}

/**
 * The line under the progress bar: rate and ETA while running (measured since the audit last
 * started or resumed), the average over its working time once ended.
 */
function rateLine(progress: AuditProgress, running: boolean, lostAt: number | null, working?: number | null) {
  if (running && lostAt !== null) {
    return `No answer from the server since ${clockTime(lostAt)}: this is the last progress it reported, and the audit may have stopped.`;
  }
  if (progress.status === 'QUEUED') return 'Waiting for a worker to start it.';
  // No batch done since the (re)start yet: no rate to tell, rather than "0.0 images/s".
  if (running && progress.imagesPerSecond <= 0) return 'Starting: the rate shows after the first batch.';
  if (running) {
    const eta = progress.etaSeconds !== null ? ` · about ${duration(progress.etaSeconds)} left` : '';
    return `${fmt(progress.imagesPerSecond, 1)} images/s${eta}`;
  }
  return working
    ? `${progress.processed.toLocaleString('en')} images in ${duration(working)} of running time (${fmt(progress.processed / working, 1)} images/s)`
    : null;
}

/**
 * The live view of a running audit: a progress bar, throughput, ETA and the running statistics
 * (mean and max top-1 confidence, most frequent label) of each model × noise run.
 */
export function ProgressView({
  progress,
  workingSeconds,
  onCancel,
  cancelling = false,
  lostAt = null,
}: Props) {
  const running = progress.status === 'RUNNING' || progress.status === 'QUEUED';
  const lost = running && lostAt !== null;
  // Below 1 % show hundredths, so a long audit visibly moves from its first batch on.
  const share = pct(progress.fraction, progress.fraction > 0 && progress.fraction < 0.01 ? 2 : 0);
  return (
    <section className="card" aria-labelledby="progress-heading">
      <div className="page-head">
        <h2 id="progress-heading">Progress</h2>
        {lost ? (
          <span className="status status-lost">server not answering</span>
        ) : (
          <StatusBadge status={progress.status} />
        )}
      </div>
      <label htmlFor="audit-progress" className="progress-label">
        {progress.processed.toLocaleString('en')} of {progress.total.toLocaleString('en')} images ({share})
      </label>
      <progress id="audit-progress" max={1} value={progress.fraction} aria-valuetext={share} />
      <p id="progress-rate" className={lost ? 'lost' : 'muted'} aria-live="polite">
        {rateLine(progress, running, lostAt, workingSeconds)}
      </p>
      <ScrollTable label="Running statistics of the top-1 confidence">
        <table>
          <caption>Running statistics of the top-1 confidence</caption>
          <thead>
            <tr>
              <th scope="col">Model · noise</th>
              <th scope="col" className="num">
                Images
              </th>
              <th scope="col" className="num">
                Mean
              </th>
              <th scope="col" className="num">
                Max
              </th>
              <th scope="col">Top label</th>
            </tr>
          </thead>
          <tbody>
            {progress.runs.map((r) => (
              <tr key={r.runIndex}>
                <th scope="row">
                  <RunName run={r} />
                </th>
                <td className="num">{r.processed.toLocaleString('en')}</td>
                <td className="num">{fmt(r.meanScore)}</td>
                <td className="num">{fmt(r.maxScore)}</td>
                <td>{r.topLabel ? `${r.topLabel} (${r.topLabelCount.toLocaleString('en')})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {running && onCancel ? (
        <button
          type="button"
          className="danger"
          onClick={onCancel}
          disabled={cancelling || lost}
          aria-describedby={lost ? 'progress-rate' : undefined}
        >
          {cancelling ? 'Cancelling…' : 'Cancel audit'}
        </button>
      ) : null}
    </section>
  );
}
