import { useEffect, useId, useState } from 'react';
import { useMutation } from 'urql';
import { CLASSIFY_IMAGE_MUTATION } from '../graphql/models.js';
import type { Prediction } from '../graphql/types.js';
import { usePhotoPreview } from '../hooks/use-photo-preview.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { ErrorList } from './error-list.js';
import { FileField } from './file-field.js';
import { TopKTable } from './top-k-table.js';

/**
 * Check a model on a real photo: its top-5 of an uploaded PNG/JPEG (`classifyImage`), to see
 * that its preset and labels read images as expected before auditing it on noise.
 */
export function CheckPhoto({ models, model: initial }: { models: readonly string[]; model: string | null }) {
  const prefix = useId();
  const [model, setModel] = useState(initial ?? models[0] ?? '');
  const { file, setFile, preview, error: fileError, onPreviewError } = usePhotoPreview();
  const [top, setTop] = useState<{ model: string; predictions: Prediction[] } | null>(null);
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [{ fetching }, classify] = useMutation<{ classifyImage: Prediction[] }>(CLASSIFY_IMAGE_MUTATION);
  useEffect(() => {
    if (initial) setModel(initial);
  }, [initial]);

  const run = async () => {
    if (!file || !model) return;
    setTop(null);
    const r = await classify({ model, image: file });
    setErrors(apiErrors(r.error));
    if (r.data) setTop({ model, predictions: r.data.classifyImage });
  };

  return (
    <form
      className="check-photo"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div className="param-grid">
        <div className="field">
          <label htmlFor={`${prefix}-model`}>Model</label>
          <select id={`${prefix}-model`} value={model} onChange={(e) => setModel(e.target.value)}>
            {models.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <FileField
          id={`${prefix}-photo`}
          label="Photo (PNG or JPEG, up to 50 MB)"
          accept="image/png,image/jpeg"
          error={fileError}
          onFile={(picked) => {
            setFile(picked);
            setTop(null);
            setErrors([]);
          }}
        />
      </div>
      <button type="submit" className="primary" disabled={fetching || !file || !model}>
        {fetching ? 'Classifying…' : 'Classify photo'}
      </button>
      <ErrorList errors={errors} title="The photo could not be classified" />
      {file && preview ? (
        <img src={preview} alt="Your upload" className="photo-preview" onError={onPreviewError} />
      ) : null}
      {top ? (
        <>
          <p role="status">
            {top.model} reads it as <strong>{top.predictions[0]?.label ?? '—'}</strong>.
          </p>
          <TopKTable predictions={top.predictions} />
        </>
      ) : null}
    </form>
  );
}
