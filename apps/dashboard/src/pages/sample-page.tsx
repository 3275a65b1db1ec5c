import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Link, useParams } from 'wouter';
import { AttributionPanel } from '../components/attribution-panel.js';
import { ErrorList } from '../components/error-list.js';
import { FoolPanel } from '../components/fool-panel.js';
import { Loading } from '../components/loading.js';
import { PhotoCompare } from '../components/photo-compare.js';
import { TopKTable } from '../components/top-k-table.js';
import { SAMPLE_QUERY } from '../graphql/samples.js';
import type { AuditStatus, Sample } from '../graphql/types.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { apiErrors } from '../lib/api-errors.js';
import { METHOD_PANELS } from '../lib/attribution-params.js';
import { pct } from '../lib/format.js';
import { missingSample } from '../lib/missing-sample.js';
import type { NoiseSpecWithParams } from '../lib/noise-input.js';

interface SampleRun {
  index: number;
  model: string;
  kind: string;
  noise: NoiseSpecWithParams;
  sample: Sample | null;
}

/** One noise sample at full size, its top-k, the reference experiment's attribution panels and a fool search started from it. */
export function SamplePage() {
  const params = useParams<{ id: string; run: string; index: string }>();
  const id = params.id ?? '';
  const runIndex = Number(params.run);
  const index = Number(params.index);
  const [{ data, fetching, error }, reexecute] = useQuery<{
    audit: { id: string; count: number; status: AuditStatus; runs: SampleRun[] };
  }>({
    query: SAMPLE_QUERY,
    variables: { id, index },
  });
  const run = data?.audit.runs.find((r) => r.index === runIndex);
  const sample = run?.sample;
  const base = `/audits/${id}/samples/${runIndex}`;
  const missing =
    data && !sample ? missingSample(data.audit.status, index, runIndex, data.audit.count) : null;
  const pending = missing?.pending ?? false;
  // A sample the running audit has not scored yet: ask again until it has.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), 2000);
    return () => clearInterval(timer);
  }, [pending, reexecute]);
  useDocumentTitle(`Sample #${index} · Audit ${id.slice(0, 8)}`);
  return (
    <section>
      <p>
        <Link href={`/audits/${id}`}>← Audit {id.slice(0, 8)}</Link>
      </p>
      <h1>
        Sample #{index}
        {run ? ` · ${run.model} · ${run.kind}` : ''}
      </h1>
      <ErrorList errors={apiErrors(error)} />
      {fetching && !data ? <Loading what="the sample" /> : null}
      {missing ? <p>{missing.text}</p> : null}
      {run && sample ? (
        <>
          <nav aria-label="Samples" className="pager">
            {index > 0 ? <Link href={`${base}/${index - 1}`}>← #{index - 1}</Link> : <span />}
            {index + 1 < (data?.audit.count ?? 0) ? (
              <Link href={`${base}/${index + 1}`}>#{index + 1} →</Link>
            ) : null}
          </nav>
          <div className="sample-head">
            <figure className="card sample-full">
              <img
                src={sample.imageUrl}
                alt={`Noise sample ${index}, classified as ${sample.label}`}
                className="pixelated full"
              />
              <figcaption>
                <strong>{sample.label}</strong> at {pct(sample.score)} confidence ·{' '}
                <a href={sample.imageUrl}>PNG at native size</a>
              </figcaption>
            </figure>
            <TopKTable predictions={sample.topK ?? []} />
          </div>
          <h2>Attributions</h2>
          <p className="muted">
            What in this noise made {run.model} say “{sample.label}”: integrated gradients, smoothgrad² over
            IG and occlusion, as in the reference experiment. Parameters left blank use Captum's defaults.
          </p>
          <div className="panel-grid">
            {METHOD_PANELS.map((p) => (
              <AttributionPanel
                key={`${id}-${runIndex}-${index}-${p.method}`}
                panel={p}
                model={run.model}
                source={{ sample: { auditId: id, run: runIndex, index } }}
                targets={sample.topK}
                idPrefix="noise"
              />
            ))}
          </div>
          <FoolPanel
            key={`${id}-${runIndex}-${index}`}
            model={run.model}
            noise={run.noise}
            index={index}
            targets={sample.topK ?? []}
          />
          <PhotoCompare model={run.model} />
        </>
      ) : null}
    </section>
  );
}
