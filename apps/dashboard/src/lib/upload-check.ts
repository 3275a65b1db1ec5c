/** The server's limit on one uploaded file, a model or a photo (`MAX_UPLOAD_BYTES`). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What a file input takes: file names it accepts, and how an error names them. */
export interface UploadKind {
  /** File names of this kind, by extension (a picker's accept list is only a hint). */
  readonly names: RegExp;
  /** Media types of this kind, for files whose name has no extension. */
  readonly types?: readonly string[];
  /** The kind in an error, after "is not": "a PNG or JPEG photo". */
  readonly described: string;
}

/** One photo for a model to classify or explain (`classifyImage`, `explain`). */
export const PHOTO_UPLOAD: UploadKind = {
  names: /\.(png|jpe?g)$/i,
  types: ['image/png', 'image/jpeg'],
  described: 'a PNG or JPEG photo',
};

/** A model to register (`registerModel`): an ONNX file or a zipped TF.js folder. */
export const MODEL_UPLOAD: UploadKind = { names: /\.(onnx|zip)$/i, described: 'an .onnx or .zip file' };

/** A byte count as `812 KB` or `3.4 MB`. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * Check a picked file as the server will before anything is sent, so its error shows the moment
 * it is selected: its kind, that it is not empty and not over {@link MAX_UPLOAD_BYTES}.
 *
 * @returns what is wrong with it, or null when it can be uploaded
 */
export function checkUpload(file: File, kind: UploadKind, maxBytes = MAX_UPLOAD_BYTES): string | null {
  const ofKind = kind.names.test(file.name) || (kind.types?.includes(file.type) ?? false);
  if (!ofKind) return `${file.name} is not ${kind.described}`;
  if (file.size === 0) return `${file.name} is empty (0 bytes)`;
  if (file.size > maxBytes) {
    const limit = formatBytes(maxBytes);
    // Just over the limit rounds to it: then the exact count says why.
    const size =
      formatBytes(file.size) === limit ? `${file.size.toLocaleString('en')} bytes` : formatBytes(file.size);
    return `${file.name} is ${size}; the server takes files up to ${limit}`;
  }
  return null;
}
