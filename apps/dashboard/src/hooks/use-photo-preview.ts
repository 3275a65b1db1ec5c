import { useEffect, useState } from 'react';

/**
 * A photo the user picked and an object URL that previews it, revoked when the photo changes or
 * the component unmounts.
 */
export function usePhotoPreview(): {
  readonly file: File | null;
  readonly setFile: (file: File | null) => void;
  readonly preview: string | null;
} {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return { file, setFile, preview };
}
