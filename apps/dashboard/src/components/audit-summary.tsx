import type { Audit } from '../graphql/types.js';

/** What an audit ran: models, noise specs, count, seed, batch and top-k. */
export function AuditSummary({ audit }: { audit: Audit }) {
  return (
    <dl className="facts facts-inline">
      <dt>Models</dt>
      <dd>{audit.models.join(', ')}</dd>
      <dt>Noise</dt>
      <dd>
        {audit.noise
          .map((n) => `${n.kind} ${n.width}×${n.height}×${n.channels} seed ${n.seed} (${n.rng})`)
          .join('; ')}
      </dd>
      <dt>Images</dt>
      <dd>{audit.count.toLocaleString('en')} per run</dd>
      <dt>Batch · top-k</dt>
      <dd>
        {audit.batchSize} · {audit.topK}
      </dd>
    </dl>
  );
}
