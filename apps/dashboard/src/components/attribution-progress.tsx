import type { AttributionMethod } from '../graphql/types.js';
import { useNow } from '../hooks/use-now.js';
import { type AttributionProgress, attributionProgressText } from '../lib/attribution-progress.js';

interface Props {
  method: AttributionMethod;
  progress: AttributionProgress;
  /** Name of the bar for assistive technology, e.g. "Integrated gradients progress". */
  label: string;
}

/**
 * An attribution's progress: a bar of units done (IG steps, occlusion windows) and a line with
 * the count, the elapsed time and the time left, which keep moving between server events. The
 * bar shows only while the job is queued or running; the line stays, with the time it took.
 */
export function AttributionProgressBar({ method, progress, label }: Props) {
  const live = progress.status === 'QUEUED' || progress.status === 'RUNNING';
  const now = useNow(live);
  const text = attributionProgressText(method, progress, now);
  const share = progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <div className="attribution-progress">
      {live ? (
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={Math.max(1, progress.total)}
          aria-valuenow={progress.done}
          aria-valuetext={progress.total > 0 ? `${progress.done} of ${progress.total}` : 'starting'}
          className="attribution-bar"
        >
          <div className="attribution-bar-fill" style={{ width: `${(100 * share).toFixed(1)}%` }} />
        </div>
      ) : null}
      <p className="muted attribution-progress-text">{text}</p>
    </div>
  );
}
