import { decodeImage, isSnowblindError, MAX_IMAGE_PIXELS } from '@snowblind/core';
import { isFileLike } from '../builder.js';
import { coded } from '../errors.js';
import { checkImageUpload, MAX_UPLOAD_BYTES, readUpload } from './uploads.js';

/** Limits of one uploaded in-distribution image set. */
export const IMAGE_SET_LIMITS = Object.freeze({
  /** Images in one set. */
  maxImages: 500,
  /** Bytes of all its files together (the multipart request's own limit). */
  maxBytes: MAX_UPLOAD_BYTES,
  /**
   * Pixels of all its images together: the id-scores job decodes the whole set at once, so a
   * set never decodes to more than the largest single image core accepts.
   */
  maxPixels: MAX_IMAGE_PIXELS,
});

/**
 * File extension a stored image gets, by decoded format: one core's folder reader
 * (`loadInDistribution`) picks up, whatever the client called the file.
 */
const EXTENSIONS: Readonly<Record<string, string>> = {
  png: '.png',
  jpeg: '.jpg',
  webp: '.webp',
  gif: '.gif',
  tiff: '.tiff',
};

/** An uploaded image that passed every check, ready to be written. */
export interface CheckedImage {
  /** The client's file name (its last part), for lists and errors. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** `.png`, `.jpg`, …: from the decoded format. */
  readonly extension: string;
}

/** The client's name of upload `index`: its last path part, printable, at most 200 characters. */
export function uploadName(file: unknown, index: number): string {
  const raw = (file as { name?: unknown }).name;
  const name = typeof raw === 'string' ? (raw.split(/[\\/]/).pop() ?? '') : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return clean || `file ${index + 1}`;
}

/** Decode with core, as the id-scores job will, naming the file as the client knows it. */
async function decodeAs(bytes: Uint8Array, what: string): Promise<void> {
  try {
    await decodeImage(bytes, { maxPixels: IMAGE_SET_LIMITS.maxPixels });
  } catch (error) {
    if (!isSnowblindError(error)) throw error;
    throw coded('BAD_IMAGE', error.message.replace(/^\d+-byte buffer/, what), error.hint);
  }
}

/**
 * Check the files of an image set upload before anything is written: how many and how large
 * they are in all, then each one's size, header and format, the pixels of all together, and a
 * full decode by core (a truncated file fails here, not in a later job). The first bad file
 * stops the upload with a coded error naming it.
 * @throws BAD_INPUT (no files, not an upload), PAYLOAD_TOO_LARGE (count, bytes, pixels), BAD_IMAGE
 */
export async function checkImageSetFiles(files: readonly unknown[]): Promise<CheckedImage[]> {
  const { maxImages, maxBytes, maxPixels } = IMAGE_SET_LIMITS;
  if (files.length === 0) throw coded('BAD_INPUT', 'an image set needs at least one image');
  if (files.length > maxImages) {
    throw coded(
      'PAYLOAD_TOO_LARGE',
      `${files.length} files; an image set holds at most ${maxImages} images`,
      'upload a sample of the photos',
    );
  }
  const total = files.reduce<number>((sum, f) => sum + (isFileLike(f) ? f.size : 0), 0);
  if (total > maxBytes) {
    throw coded('PAYLOAD_TOO_LARGE', `the files are ${total} bytes in all; the limit is ${maxBytes}`);
  }
  const checked: CheckedImage[] = [];
  let pixels = 0;
  for (const [index, file] of files.entries()) {
    const name = uploadName(file, index);
    const what = `"${name}"`;
    const bytes = await readUpload(file, what);
    const meta = await checkImageUpload(bytes, what);
    const extension = EXTENSIONS[meta.format ?? ''];
    if (!extension) {
      throw coded(
        'BAD_IMAGE',
        `${what} is ${meta.format ?? 'an unknown format'}, not a photo format snowblind stores`,
        `convert it to PNG or JPEG (stored: ${Object.keys(EXTENSIONS).join(', ')})`,
      );
    }
    pixels += (meta.width ?? 0) * (meta.height ?? 0);
    if (pixels > maxPixels) {
      throw coded(
        'PAYLOAD_TOO_LARGE',
        `the images up to ${what} have ${pixels} pixels in all; the limit is ${maxPixels}`,
        'downscale the photos (models see a few hundred pixels a side) or upload fewer',
      );
    }
    await decodeAs(bytes, what);
    checked.push({ name, bytes, extension });
  }
  return checked;
}
