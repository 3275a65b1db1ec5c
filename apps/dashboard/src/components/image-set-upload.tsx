import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { UPLOAD_IMAGE_SET_MUTATION } from '../graphql/image-sets.js';
import type { ImageSet } from '../graphql/types.js';
import { type ApiError, apiErrors } from '../lib/api-errors.js';
import { pct } from '../lib/format.js';
import { checkPhotoSelection, IMAGE_SET_LIMITS, type PhotoSelection } from '../lib/photo-selection.js';
import { formatBytes } from '../lib/upload-check.js';
import { uploadProgressFetch } from '../lib/upload-progress-fetch.js';
import { ErrorList } from './error-list.js';

/** Chromium, Firefox and Safari pick a whole folder with this attribute (React does not type it). */
const FOLDER_PICKER = { webkitdirectory: '' } as Record<string, string>;

/** The folder a folder pick came from (the first part of its files' relative paths). */
const folderName = (files: readonly File[]) => files[0]?.webkitRelativePath.split('/')[0] ?? '';

/**
 * Upload the user's own photos as an in-distribution image set (`uploadImageSet`, GraphQL
 * multipart): several files or a whole folder, checked against the server's limits as soon as
 * they are picked, then sent with a progress bar. Calls `onUploaded` with the stored set.
 */
export function ImageSetUpload({ onUploaded }: { onUploaded: (set: ImageSet) => void }) {
  const prefix = useId();
  const [selection, setSelection] = useState<PhotoSelection | null>(null);
  const [name, setName] = useState('');
  /** Whether the selection came from the folder picker (its errors are tied to that input). */
  const [pickedFolder, setPickedFolder] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [, upload] = useMutation<{ uploadImageSet: ImageSet }>(UPLOAD_IMAGE_SET_MUTATION);
  const uploading = sent !== null;
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  /** Take the files of one picker; the other one is cleared, so the page shows one selection. */
  const pick = (list: FileList | null, fromFolder: boolean) => {
    const files = [...(list ?? [])];
    const other = fromFolder ? filesInput.current : folderInput.current;
    if (other) other.value = '';
    setSelection(files.length > 0 ? checkPhotoSelection(files) : null);
    setPickedFolder(fromFolder);
    setErrors([]);
    if (fromFolder && !name) setName(folderName(files));
  };

  const submit = async () => {
    if (!selection || selection.errors.length > 0 || uploading) return;
    setSent(0);
    setErrors([]);
    const r = await upload(
      { files: [...selection.photos], ...(name.trim() ? { name: name.trim() } : {}) },
      { fetch: uploadProgressFetch((bytes, total) => setSent(bytes / total)) },
    );
    setSent(null);
    setErrors(apiErrors(r.error));
    if (r.data) {
      setSelection(null);
      onUploaded(r.data.uploadImageSet);
    }
  };

  const count = selection?.photos.length ?? 0;
  // The pickers point at the selection's errors, shown the moment it is made.
  const refused = selection !== null && selection.errors.length > 0;
  const invalid = refused ? { 'aria-invalid': true, 'aria-describedby': `${prefix}-selection-errors` } : {};
  return (
    <form
      className="image-set-upload"
      aria-label="Upload photos"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="hint">
        Photos of what the model was trained on (its real inputs): up to {IMAGE_SET_LIMITS.maxImages} PNG,
        JPEG, WebP, GIF or TIFF files, {formatBytes(IMAGE_SET_LIMITS.maxBytes)} in all. They are stored on the
        server and listed for every audit.
      </p>
      <div className="param-grid">
        <div className="field">
          <label htmlFor={`${prefix}-files`}>Photos</label>
          <input
            id={`${prefix}-files`}
            ref={filesInput}
            type="file"
            multiple
            accept="image/png,image/jpeg,image/webp,image/gif,image/tiff"
            disabled={uploading}
            onChange={(e) => pick(e.target.files, false)}
            {...(pickedFolder ? {} : invalid)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-folder`}>Or a folder of photos</label>
          <input
            id={`${prefix}-folder`}
            ref={folderInput}
            type="file"
            {...FOLDER_PICKER}
            disabled={uploading}
            onChange={(e) => pick(e.target.files, true)}
            {...(pickedFolder ? invalid : {})}
          />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-name`}>Name of the set (optional)</label>
          <input
            id={`${prefix}-name`}
            type="text"
            maxLength={100}
            value={name}
            disabled={uploading}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
      </div>
      {selection ? (
        <p aria-live="polite">
          {count} photo{count === 1 ? '' : 's'}, {formatBytes(selection.bytes)}
          {selection.skipped.length > 0
            ? `; left out (not photos): ${selection.skipped.slice(0, 5).join(', ')}${selection.skipped.length > 5 ? ` and ${selection.skipped.length - 5} more` : ''}`
            : ''}
          .
        </p>
      ) : null}
      {selection && selection.errors.length > 0 ? (
        <div role="alert" className="error-box" id={`${prefix}-selection-errors`}>
          <strong>These photos cannot be uploaded</strong>
          <ul>
            {selection.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <button
        type="submit"
        className="primary"
        disabled={uploading || !selection || selection.errors.length > 0}
      >
        {uploading ? 'Uploading…' : `Upload ${count > 0 ? `${count} ` : ''}photo${count === 1 ? '' : 's'}`}
      </button>
      {uploading ? (
        <div role="status">
          <label className="progress-label" htmlFor={`${prefix}-progress`}>
            {sent < 1 ? `Uploading: ${pct(sent, 0)} sent` : 'Uploaded; the server is checking every photo…'}
          </label>
          <progress id={`${prefix}-progress`} value={sent} max={1} />
        </div>
      ) : null}
      <ErrorList errors={errors} title="The photos were not stored" />
    </form>
  );
}
