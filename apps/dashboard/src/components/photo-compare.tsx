import { useId } from 'react';
import { usePhotoPreview } from '../hooks/use-photo-preview.js';
import { METHOD_PANELS } from '../lib/attribution-params.js';
import { AttributionPanel } from './attribution-panel.js';
import { FileField } from './file-field.js';

/** Upload a real photo (GraphQL multipart) and explain it with the same methods, to compare. */
export function PhotoCompare({ model }: { model: string }) {
  const inputId = useId();
  const { file, setFile, preview, error, onPreviewError } = usePhotoPreview();
  return (
    <section aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Compare with a real photo</h2>
      <FileField
        id={inputId}
        label="Photo (PNG or JPEG, up to 50 MB)"
        accept="image/png,image/jpeg"
        error={error}
        onFile={setFile}
      />
      {file && preview ? (
        <>
          <img src={preview} alt="Your upload" className="photo-preview" onError={onPreviewError} />
          <div className="panel-grid">
            {METHOD_PANELS.map((p) => (
              <AttributionPanel
                key={`${file.name}-${file.size}-${p.method}`}
                panel={p}
                model={model}
                source={{ image: file }}
                idPrefix="photo"
              />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
