import { type FormEvent, useState } from 'react';
import type { NoiseKind } from '../graphql/types.js';
import type { ApiError } from '../lib/api-errors.js';
import {
  type AuditFormState,
  type FormErrors,
  initialAuditForm,
  type StartAuditInput,
  validateAuditForm,
} from '../lib/audit-form.js';
import { describeFailure } from '../lib/request-failure.js';
import { ErrorList } from './error-list.js';
import { NoiseKindFields } from './noise-kind-fields.js';
import { TextField } from './text-field.js';

interface Props {
  models: readonly { id: string; isDefault: boolean }[];
  kinds: readonly NoiseKind[];
  /** Sends the input; resolves to the API's errors (empty on success). */
  onSubmit: (input: StartAuditInput) => Promise<ApiError[]>;
}

/** The new-audit form: models, noise kinds with their parameters, count, seed; validated before sending. */
export function AuditForm({ models, kinds, onSubmit }: Props) {
  const [state, setState] = useState<AuditFormState>(() =>
    initialAuditForm(models.find((m) => m.isDefault)?.id ?? models[0]?.id),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [apiErrors, setApiErrors] = useState<ApiError[]>([]);
  const [busy, setBusy] = useState(false);
  const failure = describeFailure(apiErrors, 'The server refused the audit', 'start the audit');
  const set = <K extends keyof AuditFormState>(key: K, value: AuditFormState[K]) =>
    setState((s) => ({ ...s, [key]: value }));
  const toggle = (list: string[], item: string, on: boolean) =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Keep the kinds in the order the API lists them, whatever order they were checked in.
    const ordered = { ...state, kinds: kinds.map((k) => k.kind).filter((k) => state.kinds.includes(k)) };
    const result = validateAuditForm(ordered, kinds);
    setApiErrors([]);
    if (result.errors) {
      setErrors(result.errors);
      const first = Object.keys(result.errors)[0];
      if (first)
        document.getElementById(first === 'models' || first === 'kinds' ? `${first}-legend` : first)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setApiErrors(await onSubmit(result.input));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="audit-form" onSubmit={submit} noValidate aria-describedby="form-errors">
      <fieldset aria-invalid={errors['models'] ? true : undefined}>
        <legend id="models-legend" tabIndex={-1}>
          Models
        </legend>
        {models.map((m) => (
          <div className="check" key={m.id}>
            <input
              id={`model-${m.id}`}
              type="checkbox"
              checked={state.models.includes(m.id)}
              onChange={(e) => set('models', toggle(state.models, m.id, e.target.checked))}
            />
            <label htmlFor={`model-${m.id}`}>
              {m.id}
              {m.isDefault ? ' (default)' : ''}
            </label>
          </div>
        ))}
        {errors['models'] ? <p className="field-error">{errors['models']}</p> : null}
      </fieldset>

      <fieldset aria-invalid={errors['kinds'] ? true : undefined}>
        <legend id="kinds-legend" tabIndex={-1}>
          Noise kinds
        </legend>
        {kinds.map((k) => (
          <NoiseKindFields
            key={k.kind}
            kind={k}
            checked={state.kinds.includes(k.kind)}
            values={state.params[k.kind] ?? {}}
            errors={errors}
            onToggle={(on) => set('kinds', toggle(state.kinds, k.kind, on))}
            onParam={(name, value) =>
              set('params', { ...state.params, [k.kind]: { ...state.params[k.kind], [name]: value } })
            }
          />
        ))}
        {errors['kinds'] ? <p className="field-error">{errors['kinds']}</p> : null}
      </fieldset>

      <fieldset>
        <legend>Images</legend>
        <div className="param-grid">
          <TextField
            id="count"
            label="Count"
            inputMode="numeric"
            value={state.count}
            onChange={(v) => set('count', v)}
            hint="images per model and noise kind (1–1,000,000)"
            error={errors['count']}
          />
          <TextField
            id="seed"
            label="Seed"
            inputMode="numeric"
            value={state.seed}
            onChange={(v) => set('seed', v)}
            hint="image i of (kind, seed) is the same on any machine"
            error={errors['seed']}
          />
        </div>
        <details>
          <summary>Advanced: image size, batch, top-k</summary>
          <div className="param-grid">
            <TextField
              id="width"
              label="Width"
              inputMode="numeric"
              value={state.width}
              placeholder="256"
              onChange={(v) => set('width', v)}
              error={errors['width']}
            />
            <TextField
              id="height"
              label="Height"
              inputMode="numeric"
              value={state.height}
              placeholder="256"
              onChange={(v) => set('height', v)}
              error={errors['height']}
            />
            <TextField
              id="channels"
              label="Channels"
              inputMode="numeric"
              value={state.channels}
              placeholder="3"
              onChange={(v) => set('channels', v)}
              error={errors['channels']}
            />
            <TextField
              id="batchSize"
              label="Batch size"
              inputMode="numeric"
              value={state.batchSize}
              placeholder="32"
              onChange={(v) => set('batchSize', v)}
              error={errors['batchSize']}
            />
            <TextField
              id="topK"
              label="Top-k"
              inputMode="numeric"
              value={state.topK}
              placeholder="5"
              onChange={(v) => set('topK', v)}
              error={errors['topK']}
            />
          </div>
        </details>
      </fieldset>

      <div id="form-errors">
        {Object.keys(errors).length > 0 ? (
          <p role="alert" className="field-error">
            Fix the {Object.keys(errors).length === 1 ? 'field' : `${Object.keys(errors).length} fields`}{' '}
            marked above.
          </p>
        ) : null}
        <ErrorList errors={apiErrors} title={failure.title} hint={failure.hint} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Starting…' : 'Start audit'}
      </button>
    </form>
  );
}
