import type { Model } from '../graphql/types.js';
import { inputSizeText, dimsText as list } from '../lib/input-size.js';
import { ModelCard } from './model-card.js';

/** A sha256, or the JSON map of file → sha256 of a multi-file model, one file a line. */
function Sha256({ value }: { value: string }) {
  if (!value.startsWith('{')) return <>{value}</>;
  try {
    const files = Object.entries(JSON.parse(value) as Record<string, string>);
    return (
      <>
        {files.map(([file, hash]) => (
          <span key={file} className="hash-line">
            {file}: {hash}
          </span>
        ))}
      </>
    );
  } catch {
    return <>{value}</>;
  }
}

/** A preset's scale, as the fraction it usually is (1/255, 1/127.5) when it is one. */
function scaleText(scale: number): string {
  const inverse = 1 / scale;
  const rounded = Math.round(inverse * 2) / 2;
  return scale < 1 && Math.abs(inverse - rounded) < 1e-9 ? `1/${rounded}` : String(scale);
}

/** One model: what it is, how it wants its input, its labels and its card. */
export function ModelDetails({ model }: { model: Model }) {
  const p = model.preset;
  const headingId = `model-${model.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {model.id} {model.isDefault ? <span className="badge">default</span> : null}
        <span className="badge badge-muted">{model.source}</span>
      </h2>
      {model.description ? <p>{model.description}</p> : null}
      <dl className="facts">
        <dt>Format</dt>
        <dd>{model.format}</dd>
        <dt>Input</dt>
        <dd>{inputSizeText(model.inputShape)}</dd>
        <dt>Preset</dt>
        <dd>
          {p.name}: resize {list(p.resize)}, crop {list(p.crop)}, {p.layout}, {p.channelOrder}
          {p.grayscale ? ', grayscale' : ''}, scale {scaleText(p.scale)}, mean [{p.mean.join(', ')}], std [
          {p.std.join(', ')}]
        </dd>
        <dt>License</dt>
        <dd>{model.license ?? '—'}</dd>
        <dt>sha256</dt>
        <dd className="hash">
          <Sha256 value={model.sha256} />
        </dd>
      </dl>
      <details>
        <summary>{model.labels.length} labels</summary>
        <ol start={0} className="labels">
          {model.labels.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat (ImageNet has two "crane"s); the class index is the identity
            <li key={i}>{l}</li>
          ))}
        </ol>
      </details>
      {model.card ? (
        <details>
          <summary>Model card</summary>
          <ModelCard markdown={model.card} name={`Model card of ${model.id}`} />
        </details>
      ) : null}
    </article>
  );
}
