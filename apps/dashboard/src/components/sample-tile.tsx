import { Link } from 'wouter';
import type { Sample } from '../graphql/types.js';
import { pct } from '../lib/format.js';

interface Props {
  auditId: string;
  run: number;
  index: number;
  sample: Sample | undefined;
  /** Place in the grid's order, for its keyboard navigation (`data-position`). */
  position: number;
  /** 0 for the grid's one Tab stop, -1 for the others (roving tabindex). */
  tabIndex: 0 | -1;
}

/** One noise image with its top-1 label and confidence, linking to the sample view. */
export function SampleTile({ auditId, run, index, sample, position, tabIndex }: Props) {
  if (!sample) {
    return (
      <span className="sample-tile placeholder" data-position={position} tabIndex={tabIndex}>
        #{index}
        <span className="sr-only"> loading</span>
      </span>
    );
  }
  return (
    <Link
      href={`/audits/${auditId}/samples/${run}/${index}`}
      className="sample-tile"
      aria-label={`Sample ${index}: ${sample.label}, ${pct(sample.score)}`}
      data-position={position}
      tabIndex={tabIndex}
    >
      <img src={sample.imageUrl} alt="" width={96} height={96} loading="lazy" decoding="async" />
      <span className="sample-caption">
        <span className="muted">#{index}</span> {sample.label}
        <br />
        <strong>{pct(sample.score)}</strong>
      </span>
    </Link>
  );
}
