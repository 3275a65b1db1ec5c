import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  locateModelFile,
  looksLikePath,
  type ModelFile,
  type ModelRegistry,
  type RegistryEntry,
  readTfjsFromDisk,
  SnowblindError,
  sha256File,
} from '@snowblind/core';

/**
 * A model as a shard names it: what the worker resolves, and the content it must find there.
 *
 * @remarks How a reference resolves, on the coordinator and on every worker alike: a reference
 * that reads as a path (it holds `/` or `\`, or ends in `.onnx` / `.json`, core's `looksLikePath`)
 * is a path, made absolute on the coordinator; anything else is a registry id. An id the
 * coordinator's registry does not know falls back to a file of that name (as `loadModel` does)
 * and is sent as its absolute path. So a registered id wins over a file of the same name in the
 * current folder, and a worker never reads a bare id as a path of its own.
 */
export interface ShardModel {
  /** Registry id, or absolute path. */
  readonly ref: string;
  /** {@link modelContentHash} of the model's files on the coordinator. */
  readonly sha256: string;
}

/** Where the model behind a reference lives on this machine. */
export interface LocalModel {
  readonly file: ModelFile;
  /** The registry entry, when the reference is an id. */
  readonly entry?: RegistryEntry;
}

/** Said wherever a shard's model is missing or differs. */
export const SAME_MODELS_HINT =
  'workers must see the same model files as the coordinator: register the model under the same id on every machine (`snowblind models add`), or pass a path every worker can read';

const notFound = (ref: string, where: string) =>
  new SnowblindError('MODEL_NOT_FOUND', `no model "${ref}" ${where}`, { hint: SAME_MODELS_HINT });

/** The model files behind a registry entry. @throws SnowblindError `FILE_NOT_FOUND` */
async function entryFile(entry: RegistryEntry): Promise<ModelFile> {
  const file = await locateModelFile(entry.path);
  if (!file) {
    throw new SnowblindError('FILE_NOT_FOUND', `model "${entry.id}" points at a file that does not exist`, {
      hint: 'restore the file or remove the entry with `snowblind models remove`',
    });
  }
  return file;
}

/**
 * Resolve a reference the user gave on the coordinator (rules in {@link ShardModel}) and hash it.
 * @throws SnowblindError `MODEL_NOT_FOUND` when it is neither a registered id nor a model file here.
 */
export async function resolveShardModel(ref: string, registry: ModelRegistry): Promise<ShardModel> {
  const entry = looksLikePath(ref) ? undefined : registry.get(ref);
  if (entry) return { ref, sha256: await modelContentHash(await entryFile(entry)) };
  const path = resolve(ref);
  const file = await locateModelFile(path);
  if (!file) throw notFound(ref, 'on the coordinator: not a registered id nor a model file');
  return { ref: path, sha256: await modelContentHash(file) };
}

/**
 * The model a shard names, on a worker: a path when it reads as one, else an id of this
 * worker's registry (never a file of that name).
 * @throws SnowblindError `MODEL_NOT_FOUND`, `FILE_NOT_FOUND`
 */
export async function localShardModel(ref: string, registry: ModelRegistry): Promise<LocalModel> {
  if (looksLikePath(ref)) {
    const file = await locateModelFile(ref);
    if (!file) throw notFound(ref, 'on this worker: the file does not exist');
    return { file };
  }
  const entry = registry.get(ref);
  if (!entry) throw notFound(ref, "in this worker's registry");
  return { file: await entryFile(entry), entry };
}

const onnxHashes = new Map<string, string>();

/**
 * Hex sha256 naming a model's content: of the `.onnx` file, or of a TF.js `model.json` followed
 * by its weights in manifest order (read the way the loader reads them, so a weight path that
 * leaves the model's folder is refused here too). ONNX hashes are cached per file size and mtime.
 */
export async function modelContentHash(file: ModelFile): Promise<string> {
  if (file.kind === 'onnx') {
    const info = await stat(file.file);
    const key = `${file.file}:${info.size}:${info.mtimeMs}`;
    let hash = onnxHashes.get(key);
    if (!hash) {
      hash = await sha256File(file.file);
      onnxHashes.set(key, hash);
    }
    return hash;
  }
  const json = await readFile(file.file);
  const { artifacts } = await readTfjsFromDisk(file.file);
  const hash = createHash('sha256').update(json);
  if (artifacts.weightData) {
    const parts = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
    for (const part of parts) hash.update(new Uint8Array(part));
  }
  return hash.digest('hex');
}
