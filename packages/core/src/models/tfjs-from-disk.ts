import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { SnowblindError } from '../errors.js';
import { resolveInside } from '../safe-path.js';

/** Which TF.js loader a `model.json` needs. */
export type TfjsModelKind = 'layers' | 'graph';

/** A TF.js model read from disk into memory, ready for `tf.io.fromMemory`. */
export interface TfjsArtifactsOnDisk {
  readonly kind: TfjsModelKind;
  readonly artifacts: tf.io.ModelArtifacts;
}

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  float16: 2,
  complex64: 8,
};

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

function bad(path: string, why: string): SnowblindError {
  return new SnowblindError('BAD_MODEL', `${path} is not a usable TF.js model: ${why}`, {
    hint: 'point at the model.json written by tfjs-converter or model.save(), with its weight files beside it',
  });
}

/**
 * Decide layers vs graph from the `format` field, or — for old manifests without one, such as
 * the zoo MobileNet (Keras 2.1.4 export) — from the topology: a graph has `node`, a Keras model
 * has `class_name` (new) or `model_config.class_name` (old).
 */
export function tfjsModelKind(json: {
  format?: unknown;
  modelTopology?: unknown;
}): TfjsModelKind | undefined {
  if (json.format === 'graph-model') return 'graph';
  if (json.format === 'layers-model') return 'layers';
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (!topology || typeof topology !== 'object') return undefined;
  if (Array.isArray(topology['node'])) return 'graph';
  const config = topology['model_config'] as Record<string, unknown> | undefined;
  if (typeof topology['class_name'] === 'string' || typeof config?.['class_name'] === 'string')
    return 'layers';
  return undefined;
}

/** A weight spec with the fields {@link expectedBytes} and TF.js read. */
function isWeightSpec(spec: unknown): spec is tf.io.WeightsManifestEntry {
  const s = spec as Partial<tf.io.WeightsManifestEntry> | null;
  return (
    typeof s?.name === 'string' &&
    typeof s.dtype === 'string' &&
    Array.isArray(s.shape) &&
    s.shape.every((d) => Number.isInteger(d) && d >= 0)
  );
}

function expectedBytes(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) {
    const q = spec.quantization.dtype;
    return count * (q === 'float16' || q === 'uint16' ? 2 : 1);
  }
  const per = DTYPE_BYTES[spec.dtype];
  // String tensors have variable length; trust the file sizes then.
  return per === undefined ? Number.NaN : count * per;
}

/**
 * Read a TF.js `model.json` and all its weight files (concatenated in manifest order, which is
 * the order their specs appear in) without a `file://` handler — TF.js in Node only has one
 * with tfjs-node.
 *
 * @throws SnowblindError `FILE_NOT_FOUND` for a missing model.json, `BAD_MODEL` for invalid
 * JSON, an unknown format, a missing weight file or sizes that do not match the weight shapes,
 * `PATH_OUTSIDE_ROOT` for a weight path that leaves the model's folder (symlinks followed).
 */
export async function readTfjsFromDisk(modelJsonPath: string): Promise<TfjsArtifactsOnDisk> {
  let text: string;
  try {
    text = await readFile(modelJsonPath, 'utf8');
  } catch (error) {
    throw new SnowblindError('FILE_NOT_FOUND', `cannot read ${modelJsonPath}`, {
      hint: 'check the path to model.json',
      cause: error,
    });
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw bad(modelJsonPath, `invalid JSON (${(error as Error).message})`);
  }
  const kind = tfjsModelKind(json);
  if (!kind) throw bad(modelJsonPath, 'no recognisable modelTopology (neither a Keras model nor a graph)');
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest)) throw bad(modelJsonPath, 'no weightsManifest');
  const dir = dirname(modelJsonPath);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const [g, group] of (manifest as ManifestGroup[]).entries()) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw bad(modelJsonPath, `weightsManifest group ${g + 1} lacks paths or weights`);
    }
    if (!group.weights.every(isWeightSpec)) {
      throw bad(modelJsonPath, `weightsManifest group ${g + 1} has a weight without a name, dtype or shape`);
    }
    // Inside the model's folder, symlinks followed: a weight path is untrusted input.
    const files = group.paths.map((p) => {
      if (typeof p !== 'string')
        throw bad(modelJsonPath, `weightsManifest group ${g + 1} has a path that is not a string`);
      return resolveInside(dir, p, `weight file of ${basename(modelJsonPath)}`);
    });
    // Sizes before contents: a manifest naming one file a thousand times, or a FIFO, is refused
    // before anything is read.
    let have = 0;
    for (const [i, file] of files.entries()) {
      const info = await stat(file).catch(() => undefined);
      const why = !info ? 'is missing' : info.isFile() ? undefined : 'is not a regular file';
      if (why) throw bad(modelJsonPath, `weight file ${group.paths[i]} (group ${g + 1}) ${why}`);
      have += info!.size;
    }
    const want = group.weights.reduce((a, w) => a + expectedBytes(w), 0);
    if (!Number.isNaN(want) && have !== want) {
      throw bad(
        modelJsonPath,
        `weight group ${g + 1} (${group.paths.join(', ')}) has ${have} bytes, its shapes need ${want}`,
      );
    }
    for (const [i, file] of files.entries()) {
      try {
        buffers.push(await readFile(file));
      } catch {
        throw bad(modelJsonPath, `weight file ${group.paths[i]} (group ${g + 1}) cannot be read`);
      }
    }
    weightSpecs.push(...group.weights);
  }
  const total = buffers.reduce((a, b) => a + b.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.length;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json['modelTopology'] as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: weightData.buffer,
  };
  for (const key of [
    'format',
    'generatedBy',
    'convertedBy',
    'signature',
    'userDefinedMetadata',
    'modelInitializer',
  ] as const) {
    if (json[key] !== undefined) (artifacts as Record<string, unknown>)[key] = json[key];
  }
  return { kind, artifacts };
}
