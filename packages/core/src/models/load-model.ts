import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EngineChoice } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { type PresetSpec, readLabels, resolvePreset } from '../image/index.js';
import type { Preset } from '../image/types.js';
import { checkOnnxEngine, tfjsEnginePlan } from './engine-choice.js';
import { loadTfjsModel } from './load-tfjs.js';
import { readModelManifest } from './manifest.js';
import { locateModelFile, looksLikePath, type ModelFile } from './model-file.js';
import { modelIdFromPath } from './model-id.js';
import { createOnnxClassifier } from './onnx-classifier.js';
import { readOnnxFile } from './onnx-file.js';
import { knownIdsHint, ModelRegistry, type RegistryEntry } from './registry.js';
import type { BackendName, Classifier, DeviceName, OutputKind } from './types.js';

/** Options of {@link loadModel}. Each one wins over the registry entry and the sidecar manifest. */
export interface LoadOptions {
  /**
   * Preset name (`torchvision`, `caffe-bgr`, `tf-mobilenet`, `fashion-mnist`), path of a preset
   * JSON, or a preset object.
   * @defaultValue registry entry, else sidecar manifest, else `torchvision`
   */
  preset?: string | Preset | Readonly<Record<string, unknown>>;
  /**
   * Labels file (one class per line) or class names.
   * @defaultValue registry entry, else sidecar manifest, else `class 0..N-1`
   */
  labels?: string | readonly string[];
  /**
   * What runs the model. ONNX models always run on onnxruntime (`tfjs` is refused). TF.js models
   * are converted to ONNX in memory and run on onnxruntime, which is exact and much faster than
   * TF.js's wasm backend, forward and backward; `auto` falls back to the TF.js engine (one
   * notice naming the layer or op) when the model does not convert, `onnx` throws
   * `UNSUPPORTED_OP` then, `tfjs` skips the conversion.
   * @defaultValue the engine `backend` implies (`onnx` → `onnx`, a TF.js backend → `tfjs`), else
   * the registry entry's `engine`, else `auto`
   */
  engine?: EngineChoice;
  /**
   * TF.js backend for TF.js models on the TF.js engine (see `selectTfBackend`); naming one
   * implies engine `tfjs`, and `onnx` implies engine `onnx`. ONNX models always run on
   * onnxruntime; for them only `auto` and `onnx` are accepted.
   * @defaultValue `$SNOWBLIND_BACKEND`, else `auto`
   */
  backend?: BackendName | 'auto';
  /**
   * Device for ONNX models.
   * @defaultValue `'cpu'`
   */
  device?: DeviceName;
  /** Id recorded in reports. @defaultValue registry id, else manifest id, else the file or folder name */
  id?: string;
  /** @defaultValue `'auto'` (a final Softmax, or a first batch of rows summing to 1, means probabilities) */
  outputKind?: OutputKind | 'auto';
  /** Registry to resolve ids in. @defaultValue `await ModelRegistry.open()` */
  registry?: ModelRegistry;
  /** onnxruntime intra-op threads. @defaultValue one per core */
  threads?: number;
  /**
   * Whether onnxruntime's idle intra-op threads busy-wait between operators; `false` leaves the
   * cores to the audit's noise workers (see `tools/bench/README.md`). @defaultValue `true`
   */
  spinWait?: boolean;
}

async function fromRegistry(
  ref: string,
  registry: ModelRegistry,
): Promise<{ entry: RegistryEntry; file: ModelFile } | undefined> {
  const entry = registry.get(ref);
  if (!entry) return undefined;
  await registry.verify(entry);
  const file = await locateModelFile(entry.path);
  if (!file) {
    throw new SnowblindError(
      'FILE_NOT_FOUND',
      `model "${ref}" points at ${entry.path}, which does not exist`,
      {
        hint: 'restore the file or remove the entry with `snowblind models remove`',
      },
    );
  }
  return { entry, file };
}

/**
 * The registry entry whose model file is `file` (a built-in model loaded by its path, e.g. from
 * an installed package), so its preset and labels apply as when it is loaded by id. A registry
 * that cannot be read is no reason to refuse a path: `undefined` then.
 */
async function entryForFile(
  file: ModelFile,
  open: () => Promise<ModelRegistry>,
): Promise<RegistryEntry | undefined> {
  const real = (path: string) => realpath(path).catch(() => resolve(path));
  try {
    const registry = await open();
    const target = await real(file.file);
    for (const entry of registry.list()) {
      const located = await locateModelFile(entry.path);
      if (located && (await real(located.file)) === target) {
        // A file changed since it was registered is no longer that entry's model.
        const same = await registry.verify(entry).then(
          () => true,
          (error: unknown) => {
            if (error instanceof SnowblindError && error.code === 'HASH_MISMATCH') return false;
            throw error;
          },
        );
        return same ? entry : undefined;
      }
    }
  } catch (error) {
    if (!(error instanceof SnowblindError) || error.code !== 'REGISTRY_ERROR') throw error;
  }
  return undefined;
}

/**
 * Load an image classifier by registry id or path.
 *
 * @param ref - a registry id, an `.onnx` file, a TF.js `model.json`, or a folder holding a
 * `model.json` or exactly one `.onnx`.
 * @remarks Settings come from, in order of precedence: `options`, the registry entry (also when
 * `ref` is the path of a registered model's file), the
 * sidecar manifest (`<model>.snowblind.json` beside an `.onnx`, `snowblind.json` in a TF.js
 * folder), then the defaults (`torchvision`, `class i` labels, `auto` output kind). The model is
 * warmed up with one forward pass of zeros before it is returned. ONNX models with a fixed batch
 * dim (e.g. 1) accept any batch size: they are run in chunks.
 * @throws SnowblindError `MODEL_NOT_FOUND` (hint lists known ids), `BAD_MODEL`, `SHAPE_MISMATCH`
 * (preset vs model input), `BAD_LABELS` (not one label per output), `PATH_OUTSIDE_ROOT` (a
 * weight, external data, labels or preset file outside the model's folder), `HASH_MISMATCH`,
 * `BACKEND_UNAVAILABLE`, `DEVICE_UNAVAILABLE`, `UNSUPPORTED_OP` (engine `onnx` on a TF.js model
 * that does not convert), `BAD_INPUT` (`engine` and `backend` contradict each other).
 */
export async function loadModel(ref: string, options: LoadOptions = {}): Promise<Classifier> {
  let registry = options.registry;
  const openRegistry = async () => {
    registry ??= await ModelRegistry.open();
    return registry;
  };
  let found: { entry?: RegistryEntry; file: ModelFile } | undefined;
  if (!looksLikePath(ref)) found = await fromRegistry(ref, await openRegistry());
  if (!found) {
    const file = await locateModelFile(resolve(ref));
    if (file) found = { file, entry: await entryForFile(file, openRegistry) };
  }
  if (!found) {
    throw new SnowblindError(
      'MODEL_NOT_FOUND',
      `no model "${ref}": not a registered id nor an existing path`,
      {
        hint: knownIdsHint(await openRegistry()),
      },
    );
  }
  const { entry, file } = found;
  const manifest = await readModelManifest(file);
  const preset = await resolvePreset(
    (options.preset ?? entry?.preset ?? manifest?.preset ?? 'torchvision') as PresetSpec,
  );
  const labelSpec = options.labels ?? entry?.labels ?? manifest?.labels;
  const labels = typeof labelSpec === 'string' ? await readLabels(labelSpec) : labelSpec;
  const id = options.id ?? entry?.id ?? manifest?.id ?? modelIdFromPath(ref);
  const outputKind = options.outputKind ?? entry?.outputKind ?? manifest?.outputKind ?? 'auto';
  if (file.kind === 'onnx') {
    checkOnnxEngine(id, options.engine);
    const backend = options.backend;
    if (backend !== undefined && backend !== 'auto' && backend !== 'onnx') {
      throw new SnowblindError(
        'BACKEND_UNAVAILABLE',
        `${id} is an ONNX model; it cannot run on TF.js backend ${backend}`,
        {
          hint: 'ONNX models run on onnxruntime: use --backend onnx or auto (and --device cuda for the GPU)',
        },
      );
    }
    const bytes = await readOnnxFile(file.file);
    return createOnnxClassifier({
      id,
      bytes,
      preset,
      labels,
      outputKind,
      device: options.device,
      threads: options.threads,
      spinWait: options.spinWait,
    });
  }
  return loadTfjsModel({
    id,
    path: file.file,
    preset,
    labels,
    outputKind,
    engine: tfjsEnginePlan(options.engine, options.backend, entry?.engine),
    backend: options.backend,
    device: options.device,
    threads: options.threads,
    spinWait: options.spinWait,
  });
}
