import { useId, useState } from 'react';
import type { Prediction } from '../graphql/types.js';
import { type ExplainInput, useExplanation } from '../hooks/use-explanation.js';
import { type MethodPanel, toAttributionParams } from '../lib/attribution-params.js';
import { fmt, pct } from '../lib/format.js';
import { AttributionParamsFields } from './attribution-params-fields.js';
import { AttributionProgressBar } from './attribution-progress.js';
import { ErrorList } from './error-list.js';

interface Props {
  panel: MethodPanel;
  model: string;
  /** `{ sample: {...} }` or `{ image: File }`: what to explain. */
  source: ExplainInput;
  /** Target choices (top-k of the image); default the top-1 class. */
  targets?: readonly Prediction[] | undefined;
  /** A prefix that keeps field ids unique when the same method appears twice on a page. */
  idPrefix: string;
}

const SIGNS = ['ABSOLUTE_VALUE', 'POSITIVE', 'NEGATIVE', 'ALL'] as const;

/** One attribution method with editable parameters, its progress and its heat map. */
export function AttributionPanel({ panel, model, source, targets, idPrefix }: Props) {
  const [values, setValues] = useState<Record<string, string>>({ ...panel.initial });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [sign, setSign] = useState<(typeof SIGNS)[number]>('ABSOLUTE_VALUE');
  const [target, setTarget] = useState('');
  const { run, explanation, progress, running, errors } = useExplanation();
  const headingId = useId();
  const prefix = `${idPrefix}-${panel.method.toLowerCase()}`;

  const submit = () => {
    const { params, errors: bad } = toAttributionParams(panel.fields, values);
    setFieldErrors(bad);
    if (Object.keys(bad).length) return;
    void run({
      ...source,
      model,
      method: panel.method,
      params,
      sign,
      ...(target === '' ? {} : { target: Number(target) }),
    });
  };

  return (
    <article className="card attribution" aria-labelledby={headingId} aria-busy={running}>
      <h3 id={headingId}>{panel.title}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <details>
          <summary>Parameters</summary>
          <AttributionParamsFields
            fields={panel.fields}
            values={values}
            errors={fieldErrors}
            prefix={prefix}
            onChange={(name, v) => setValues((s) => ({ ...s, [name]: v }))}
          />
          <div className="param-grid">
            <div className="field">
              <label htmlFor={`${prefix}-sign`}>Sign</label>
              <select
                id={`${prefix}-sign`}
                value={sign}
                onChange={(e) => setSign(e.target.value as typeof sign)}
              >
                {SIGNS.map((s) => (
                  <option key={s} value={s}>
                    {s.toLowerCase().replace('_', ' ')}
                  </option>
                ))}
              </select>
            </div>
            {targets && targets.length > 0 ? (
              <div className="field">
                <label htmlFor={`${prefix}-target`}>Target class</label>
                <select id={`${prefix}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">top-1 (default)</option>
                  {targets.map((t) => (
                    <option key={t.classIndex} value={t.classIndex}>
                      {t.label} ({pct(t.score)})
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </div>
        </details>
        <button type="submit" className="primary" disabled={running}>
          {running ? 'Explaining…' : 'Explain'}
        </button>
      </form>
      {progress && (running || progress.status === 'SUCCEEDED') ? (
        <AttributionProgressBar method={panel.method} progress={progress} label={`${panel.title} progress`} />
      ) : null}
      <ErrorList errors={errors} />
      {explanation?.error ? <ErrorList errors={[explanation.error]} title="The attribution failed" /> : null}
      {explanation?.heatmapUrl ? (
        <figure className="heatmap">
          <div className="heatmap-pair">
            {explanation.originalUrl ? (
              <img
                src={explanation.originalUrl}
                alt="The explained input as the model saw it"
                className="pixelated heatmap-original"
              />
            ) : null}
            {/* Smooth scaling: the server has already enlarged the map by whole pixels, and
                nearest-neighbour shrinking would drop strokes of its colour bar's labels. */}
            <img
              src={explanation.heatmapUrl}
              alt={`${panel.title} heat map for ${explanation.targetLabel ?? 'the target'}`}
            />
            {explanation.blendedUrl ? (
              <img src={explanation.blendedUrl} alt="Heat map blended over the input" />
            ) : null}
          </div>
          <figcaption>
            Target <strong>{explanation.targetLabel ?? explanation.target}</strong> ({pct(explanation.score)})
            {explanation.delta !== null ? ` · convergence delta ${fmt(explanation.delta, 4)}` : ''}
          </figcaption>
        </figure>
      ) : null}
    </article>
  );
}
