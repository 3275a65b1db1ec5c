import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { resolveInside } from '@snowblind/core';
import { unzipSync } from 'fflate';
import sharp, { type Metadata } from 'sharp';
import { isFileLike } from '../builder.js';
import { coded } from '../errors.js';

/** Largest accepted upload (model archive or image). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Largest accepted side of an uploaded image. */
export const MAX_UPLOAD_IMAGE_SIDE = 4096;
/** Zip bombs: the most a model archive may expand to, and its most entries. */
const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;

/** The bytes of a multipart upload, refusing anything over {@link MAX_UPLOAD_BYTES}. */
export async function readUpload(file: unknown, what: string): Promise<Uint8Array> {
  if (!isFileLike(file)) throw coded('BAD_INPUT', `${what} must be a multipart file upload`);
  if (file.size > MAX_UPLOAD_BYTES) {
    throw coded('PAYLOAD_TOO_LARGE', `${what} is ${file.size} bytes; the limit is ${MAX_UPLOAD_BYTES}`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) throw coded('BAD_INPUT', `${what} is empty`);
  return bytes;
}

/**
 * Check an uploaded image's header before anything decodes it; `what` names the file in errors.
 * @returns the header (format and size)
 */
export async function checkImageUpload(bytes: Uint8Array, what = 'the uploaded file'): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw coded('BAD_IMAGE', `${what} is not an image snowblind can read`, 'upload a PNG or JPEG');
  }
  const { width = 0, height = 0 } = meta;
  if (width < 1 || height < 1 || width > MAX_UPLOAD_IMAGE_SIDE || height > MAX_UPLOAD_IMAGE_SIDE) {
    throw coded(
      'BAD_IMAGE',
      `${what} is ${width}×${height}; the limit is ${MAX_UPLOAD_IMAGE_SIDE}×${MAX_UPLOAD_IMAGE_SIDE}`,
    );
  }
  return meta;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Store an uploaded model in `dir`: a zip (a TF.js folder: model.json and weight files) is
 * extracted with every entry checked, anything else is written as `model.onnx`.
 * @param name - the file's name as uploaded: one ending in .zip must be a zip archive
 * @returns the folder or file to register
 */
export async function saveModelUpload(bytes: Uint8Array, dir: string, name = ''): Promise<string> {
  if (!isZip(bytes) && name.toLowerCase().endsWith('.zip')) {
    throw coded(
      'BAD_MODEL',
      `${basename(name)} is not a zip archive`,
      'zip the TF.js folder (model.json and its weight files), or upload an .onnx file',
    );
  }
  await mkdir(dir, { recursive: true });
  if (!isZip(bytes)) {
    const file = join(dir, 'model.onnx');
    await writeFile(file, bytes);
    return file;
  }
  let total = 0;
  let entries = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (info) => {
        entries++;
        total += info.originalSize;
        if (entries > MAX_ZIP_ENTRIES || total > MAX_UNZIPPED_BYTES)
          throw new RangeError('archive too large');
        return !info.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw coded(
        'PAYLOAD_TOO_LARGE',
        `the archive expands past ${MAX_UNZIPPED_BYTES} bytes or ${MAX_ZIP_ENTRIES} entries`,
      );
    }
    throw coded(
      'BAD_MODEL',
      'the upload is not a readable zip archive',
      'zip the TF.js folder (model.json and its weight files)',
    );
  }
  let modelJson: string | undefined;
  // Every entry is checked before anything is written, so a bad archive leaves no files.
  const targets = Object.keys(files).map((name) => resolveInside(dir, name, 'archive entry'));
  for (const [i, data] of Object.values(files).entries()) {
    const target = targets[i]!;
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
    } catch {
      // e.g. an entry "a" and another "a/b": a file where a folder should be.
      throw coded('BAD_MODEL', 'the archive cannot be extracted as a folder', 'zip a TF.js model folder');
    }
    if (basename(target) === 'model.json' && (!modelJson || target.length < modelJson.length))
      modelJson = target;
  }
  if (!modelJson) throw coded('BAD_MODEL', 'the archive holds no model.json', 'zip a TF.js model folder');
  return modelJson;
}
