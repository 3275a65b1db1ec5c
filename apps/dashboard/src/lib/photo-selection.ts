import { formatBytes, MAX_UPLOAD_BYTES } from './upload-check.js';

/** The server's limits of one image set (`uploadImageSet`): its photos go in one upload. */
export const IMAGE_SET_LIMITS = { maxImages: 500, maxBytes: MAX_UPLOAD_BYTES } as const;

/** Photo formats the server stores (by file name: a folder often holds other files too). */
const PHOTO_NAME = /\.(png|jpe?g|webp|gif|tiff?)$/i;

/** Photos picked for an image set, checked as the server will before anything is sent. */
export interface PhotoSelection {
  /** The photos to upload, in name order (as core's folder reader takes a folder). */
  readonly photos: readonly File[];
  /** Names of the picked files that are not photos (left out, as the CLI skips them). */
  readonly skipped: readonly string[];
  readonly bytes: number;
  /** Why this selection cannot be uploaded; empty when it can. */
  readonly errors: readonly string[];
}

/** The path a picked file shows: its folder path for a folder pick, else its name. */
const shownName = (f: File) => f.webkitRelativePath || f.name;

/**
 * Check picked files (a multi-file pick or a whole folder) against the server's limits, so the
 * errors show on selection instead of after an upload.
 */
export function checkPhotoSelection(files: readonly File[]): PhotoSelection {
  const photos = files
    .filter((f) => PHOTO_NAME.test(f.name))
    .sort((a, b) => shownName(a).localeCompare(shownName(b)));
  const skipped = files.filter((f) => !PHOTO_NAME.test(f.name)).map(shownName);
  const bytes = photos.reduce((sum, f) => sum + f.size, 0);
  const errors: string[] = [];
  if (files.length > 0 && photos.length === 0)
    errors.push('none of the picked files is a PNG, JPEG, WebP, GIF or TIFF photo');
  if (photos.length > IMAGE_SET_LIMITS.maxImages)
    errors.push(`${photos.length} photos: a set holds at most ${IMAGE_SET_LIMITS.maxImages}; pick a sample`);
  if (bytes > IMAGE_SET_LIMITS.maxBytes)
    errors.push(`${formatBytes(bytes)} in all: the limit is ${formatBytes(IMAGE_SET_LIMITS.maxBytes)}`);
  const empty = photos.filter((f) => f.size === 0).map(shownName);
  if (empty.length > 0) errors.push(`empty file${empty.length > 1 ? 's' : ''}: ${empty.join(', ')}`);
  return { photos, skipped, bytes, errors };
}
