import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { REGISTER_MODEL_MUTATION } from '../graphql/models.js';
import type { Model } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { inputSizeText } from '../lib/input-size.js';
import {
  EMPTY_REGISTER_FORM,
  PRESET_NAMES,
  type RegisterModelForm,
  toRegisterModelInput,
} from '../lib/register-model.js';
import { checkUpload, MODEL_UPLOAD } from '../lib/upload-check.js';
import { ErrorList } from './error-list.js';
import { FileField } from './file-field.js';
import { TextField } from './text-field.js';

type Registered = Pick<Model, 'id' | 'format' | 'inputShape' | 'labels'>;

/**
 * Register a model from the browser: an .onnx file or a TF.js folder as .zip, uploaded with the
 * `registerModel` mutation (GraphQL multipart), with an optional preset and labels.
 */
export function RegisterModelFormView({ onRegistered }: { onRegistered: (id: string) => void }) {
  const prefix = useId();
  const [form, setForm] = useState<RegisterModelForm>(EMPTY_REGISTER_FORM);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [apiErrorList, setApiErrors] = useState<ApiError[]>([]);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const [{ fetching }, register] = useMutation<{ registerModel: Registered }>(REGISTER_MODEL_MUTATION);
  const fileRef = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<RegisterModelForm>) => setForm((f) => ({ ...f, ...patch }));
  /** Take a picked model file, its error (kind, empty, too large) shown at once. */
  const pickFile = (file: File | null) => {
    set({ file });
    const bad = file ? checkUpload(file, MODEL_UPLOAD) : null;
    setFieldErrors(({ file: _old, ...rest }) => (bad ? { ...rest, file: bad } : rest));
  };

  const submit = async () => {
    const { input, errors } = toRegisterModelInput(form);
    setFieldErrors(errors);
    setRegistered(null);
    const first = Object.keys(errors)[0];
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    const r = await register({ input });
    setApiErrors(apiErrors(r.error));
    if (r.data) {
      setRegistered(r.data.registerModel);
      setForm(EMPTY_REGISTER_FORM);
      if (fileRef.current) fileRef.current.value = '';
      onRegistered(r.data.registerModel.id);
    }
  };

  return (
    <form
      className="register-model"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="param-grid">
        <TextField
          id={`${prefix}-id`}
          label="Id"
          value={form.id}
          onChange={(id) => set({ id })}
          error={fieldErrors['id']}
          hint="how audits name it, e.g. my-resnet50"
          autoComplete="off"
        />
        <FileField
          inputRef={fileRef}
          id={`${prefix}-file`}
          label="Model file (.onnx, or a TF.js folder as .zip, up to 50 MB)"
          accept=".onnx,.zip"
          error={fieldErrors['file']}
          onFile={pickFile}
        />
        <div className="field">
          <label htmlFor={`${prefix}-preset`}>Preset</label>
          <select
            id={`${prefix}-preset`}
            value={form.preset}
            onChange={(e) => set({ preset: e.target.value })}
          >
            <option value="">automatic (its own or the default)</option>
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={`field${fieldErrors['labels'] ? ' field-invalid' : ''}`}>
        <label htmlFor={`${prefix}-labels`}>Labels, one per line (blank: the model's own)</label>
        <textarea
          id={`${prefix}-labels`}
          rows={4}
          value={form.labels}
          onChange={(e) => set({ labels: e.target.value })}
          aria-invalid={fieldErrors['labels'] ? true : undefined}
          aria-describedby={fieldErrors['labels'] ? `${prefix}-labels-error` : undefined}
        />
        {fieldErrors['labels'] ? (
          <small id={`${prefix}-labels-error`} className="field-error">
            {fieldErrors['labels']}
          </small>
        ) : null}
      </div>
      <TextField
        id={`${prefix}-description`}
        label="Description (optional)"
        value={form.description}
        onChange={(description) => set({ description })}
        error={fieldErrors['description']}
      />
      <button type="submit" className="primary" disabled={fetching}>
        {fetching ? 'Uploading…' : 'Register model'}
      </button>
      <ErrorList errors={apiErrorList} title="The server refused the model" />
      {registered ? (
        <p role="status">
          Registered <strong>{registered.id}</strong>: {registered.format}, input{' '}
          {registered.inputShape ? inputSizeText(registered.inputShape) : 'unknown'},{' '}
          {registered.labels.length} labels. It is in the list below and in the new-audit form; check it on a
          photo below.
        </p>
      ) : null}
    </form>
  );
}
