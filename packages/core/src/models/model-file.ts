import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SnowblindError } from '../errors.js';
import { resolveInside } from '../safe-path.js';

/** A model file on disk and the loader family it needs. */
export interface ModelFile {
  readonly kind: 'onnx' | 'tfjs';
  /** Absolute path of the `.onnx` file or the `model.json`. */
  readonly file: string;
}

/**
 * Find the model behind a path: an `.onnx` file, a TF.js `model.json`, or a folder holding a
 * `model.json` or exactly one `.onnx`. Returns `undefined` when nothing exists at `path`.
 *
 * @throws SnowblindError `BAD_MODEL` when the path exists but holds no loadable model,
 * `PATH_OUTSIDE_ROOT` when the model file found in a folder is a symlink leading out of it.
 */
export async function locateModelFile(path: string): Promise<ModelFile | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (info.isFile()) {
    const ext = extname(path).toLowerCase();
    if (ext === '.onnx') return { kind: 'onnx', file: path };
    if (ext === '.json') return { kind: 'tfjs', file: path };
    throw new SnowblindError('BAD_MODEL', `${path} is neither an .onnx file nor a TF.js model.json`, {
      hint: 'pass an .onnx file, a model.json, or a folder containing one of them',
    });
  }
  const names = await readdir(path);
  if (names.includes('model.json'))
    return { kind: 'tfjs', file: resolveInside(path, 'model.json', 'model file') };
  const onnx = names.filter((n) => n.toLowerCase().endsWith('.onnx'));
  if (onnx.length === 1) return { kind: 'onnx', file: resolveInside(path, onnx[0]!, 'model file') };
  throw new SnowblindError(
    'BAD_MODEL',
    onnx.length === 0
      ? `folder ${path} has no model.json and no .onnx file`
      : `folder ${path} has ${onnx.length} .onnx files (${onnx.join(', ')})`,
    { hint: `pass the model file itself, e.g. ${join(path, onnx[0] ?? 'model.json')}` },
  );
}

/** True when `ref` reads as a file path rather than a registry id. */
export function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.(onnx|json)$/i.test(ref);
}
