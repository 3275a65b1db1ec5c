import { Link } from 'wouter';
import type { Sample } from '../graphql/types.js';
import { pct } from '../lib/format.js';

interface Props {
  auditId: string;
  run: number;
  index: number;
  sample: Sample | undefined;
}

/** One noise image with its top-1 label and confidence, linking to the sample view. */
export function SampleTile({ auditId, run, index, sample }: Props) {
  if (!sample) {
    return (
      <div className="sample-tile placeholder" aria-hidden="true">
        #{index}
      </div>
    );
  }
  return (
    <Link
      href={`/audits/${auditId}/samples/${run}/${index}`}
      className="sample-tile"
      aria-label={`Sample ${index}: ${sample.label}, ${pct(sample.score)}`}
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
