import { useEffect, useState } from 'react';
import { checkUpload, PHOTO_UPLOAD } from '../lib/upload-check.js';

/**
 * A photo the user picked and an object URL that previews it, revoked when the photo changes or
 * the component unmounts. A pick the server would refuse (not a PNG or JPEG, empty, over 50 MB)
 * leaves no photo and says why in `error`, at once; so does one the browser cannot decode (a
 * `.jpg` that holds something else), once its preview `<img>` calls `onPreviewError`.
 */
export function usePhotoPreview(): {
  readonly file: File | null;
  readonly setFile: (file: File | null) => void;
  readonly preview: string | null;
  readonly error: string | null;
  readonly onPreviewError: () => void;
} {
  const [file, setChecked] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const setFile = (picked: File | null) => {
    const bad = picked ? checkUpload(picked, PHOTO_UPLOAD) : null;
    setError(bad);
    setChecked(bad ? null : picked);
    if (bad || !picked) setPreview(null);
  };
  const onPreviewError = () => {
    if (file) setError(`${file.name} cannot be read as an image: pick a PNG or JPEG photo`);
    setChecked(null);
    setPreview(null);
  };
  return { file, setFile, preview, error, onPreviewError };
}
