import { useId, useState } from 'react';
import type { Prediction } from '../graphql/types.js';
import { useFool } from '../hooks/use-fool.js';
import { toAttributionParams } from '../lib/attribution-params.js';
import { DEFAULT_FOOL_BUDGET, FOOL_FIELDS, FOOL_METHODS } from '../lib/fool-params.js';
import { fmt, pct } from '../lib/format.js';
import { type NoiseSpecWithParams, toNoiseInput } from '../lib/noise-input.js';
import { AttributionParamsFields } from './attribution-params-fields.js';
import { ConfidenceCurve } from './confidence-curve.js';
import { ErrorList } from './error-list.js';
import { FoolResultView } from './fool-result.js';

interface Props {
  model: string;
  /** The run's noise spec and the sample's index in it: where the search starts. */
  noise: NoiseSpecWithParams;
  index: number;
  /** The sample's top-k: the classes offered as targets. */
  targets: readonly Prediction[];
}

/**
 * "Fool from this sample": the `fool` mutation started from this noise image, the best
 * confidence drawn live per iteration (`foolProgress`), then the image it found, its top-5 and
 * the bounds it kept.
 */
export function FoolPanel({ model, noise, index, targets }: Props) {
  const headingId = useId();
  const prefix = `fool-${useId().replace(/:/g, '')}`;
  const [target, setTarget] = useState('');
  const [method, setMethod] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const { start, cancel, events, result, running, cancelling, errors } = useFool();
  const targetLabel = targets.find((t) => String(t.classIndex) === target)?.label ?? 'the best class';

  const submit = () => {
    const { params, errors: bad } = toAttributionParams(FOOL_FIELDS, values);
    setFieldErrors(bad);
    if (Object.keys(bad).length) return;
    void start({
      model,
      noise: toNoiseInput(noise),
      index,
      ...params,
      ...(target === '' ? {} : { target: Number(target) }),
      ...(method === '' ? {} : { method }),
    });
  };

  const last = events[events.length - 1];
  const budget = result?.budget ?? last?.budget ?? Number(values['budget'] || DEFAULT_FOOL_BUDGET);
  const points = result?.curve
    ? result.curve.map((confidence, iteration) => ({ iteration, confidence }))
    : events.flatMap((e) =>
        e.confidence === null ? [] : [{ iteration: e.iteration, confidence: e.confidence }],
      );

  return (
    <section className="card fool" aria-labelledby={headingId} aria-busy={running}>
      <h2 id={headingId}>Fool from this sample</h2>
      <p className="muted">
        Search for noise {model} is even surer about: start from image #{index} of this noise ({noise.kind},
        seed {noise.seed}) and raise the target's confidence while staying within the bounds. The search
        generates that image at the model's input size rather than shrinking the one above, so its starting
        confidence can differ from this sample's. The curve shows the best confidence per iteration as it
        runs.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="param-grid">
          <div className="field">
            <label htmlFor={`${prefix}-target`}>Target class</label>
            <select id={`${prefix}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">any (whichever is highest)</option>
              {targets.map((t) => (
                <option key={t.classIndex} value={t.classIndex}>
                  {t.label} (now {pct(t.score)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${prefix}-method`}>Method</label>
            <select id={`${prefix}-method`} value={method} onChange={(e) => setMethod(e.target.value)}>
              {FOOL_METHODS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <details>
          <summary>Budget and bounds</summary>
          <AttributionParamsFields
            fields={FOOL_FIELDS}
            values={values}
            errors={fieldErrors}
            prefix={prefix}
            onChange={(name, v) => setValues((s) => ({ ...s, [name]: v }))}
          />
        </details>
        <div className="button-row">
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Searching…' : 'Fool the model'}
          </button>
          {running ? (
            <button
              type="button"
              className="danger"
              onClick={() => void cancel()}
              disabled={cancelling || !last}
            >
              {cancelling ? 'Stopping…' : 'Stop the search'}
            </button>
          ) : null}
        </div>
      </form>
      {running || result ? (
        <>
          <progress
            max={Math.max(1, budget)}
            value={result ? (result.iterations ?? budget) : (last?.iteration ?? 0)}
            aria-label="Fool search iterations"
          />
          <p className="fool-live">
            {last || result
              ? `Iteration ${(result?.iterations ?? last?.iteration ?? 0).toLocaleString('en')} of ${budget.toLocaleString('en')} · best confidence in ${result?.label ?? targetLabel}: ${fmt(result?.confidence ?? last?.confidence)}`
              : 'Queued…'}
          </p>
          <ConfidenceCurve points={points} budget={budget} of={result?.label ?? targetLabel} />
        </>
      ) : null}
      <ErrorList errors={errors} />
      {result ? <FoolResultView result={result} /> : null}
    </section>
  );
}
