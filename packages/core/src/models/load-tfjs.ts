import { convertTfjsToOnnx } from '../convert/index.js';
import { type EngineChoice, engineNotice } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { inputShape } from '../image/index.js';
import type { Preset } from '../image/types.js';
import { serializeOnnxModel } from '../onnx/index.js';
import { createOnnxClassifier } from './onnx-classifier.js';
import { createTfjsClassifier } from './tfjs-classifier.js';
import { readTfjsFromDisk } from './tfjs-from-disk.js';
import type { BackendName, Classifier, DeviceName, OutputKind } from './types.js';

/** What {@link loadTfjsModel} needs; `load-model.ts` resolves it from files and options. */
export interface TfjsModelConfig {
  readonly id: string;
  /** Path of the model.json. */
  readonly path: string;
  readonly preset: Preset;
  readonly labels: readonly string[] | undefined;
  readonly outputKind: OutputKind | 'auto' | undefined;
  /** From {@link tfjsEnginePlan}. */
  readonly engine: EngineChoice;
  /** TF.js backend, when the TF.js engine runs it. */
  readonly backend: BackendName | 'auto' | undefined;
  readonly device?: DeviceName | undefined;
  readonly threads?: number | undefined;
  readonly spinWait?: boolean | undefined;
}

/**
 * Load a TF.js model on onnxruntime (converted to ONNX in memory) or on the TF.js engine.
 *
 * @remarks Engine `auto` converts and, when a layer or op has no conversion rule
 * (`UNSUPPORTED_OP`) or the converted model fails in onnxruntime (a converter bug must not cost
 * the user a model TF.js runs), runs the model on the TF.js backend ladder instead, saying so in
 * one engine notice that names the layer or op; the classifier's `fallback` keeps the reason for
 * reports. Errors the user can fix (preset, labels, device) are thrown as they are. `onnx` throws
 * instead of falling back; `tfjs` does not try to convert.
 * @throws SnowblindError `UNSUPPORTED_OP` (engine `onnx` only), and what the classifiers throw.
 */
export async function loadTfjsModel(config: TfjsModelConfig): Promise<Classifier> {
  const source = await readTfjsFromDisk(config.path);
  const format = source.kind === 'layers' ? 'tfjs-layers' : 'tfjs-graph';
  let fallback: string | undefined;
  if (config.engine !== 'tfjs') {
    try {
      const imageSize = presetImageSize(config.preset);
      const bytes = serializeOnnxModel(convertTfjsToOnnx({ ...source, imageSize }));
      return await createOnnxClassifier({ ...config, device: config.device, format, bytes });
    } catch (error) {
      fallback = fallbackReason(error);
      if (fallback === undefined) throw error;
      if (config.engine === 'onnx') {
        if (!(error instanceof SnowblindError && error.code === 'UNSUPPORTED_OP')) throw error;
        throw new SnowblindError('UNSUPPORTED_OP', `${config.id}: ${error.message}`, {
          hint: 'run it on the TF.js engine: --engine auto (falls back by itself) or --engine tfjs',
          cause: error,
        });
      }
    }
  }
  const classifier = await createTfjsClassifier({ ...config, source, fallback });
  if (fallback !== undefined) {
    engineNotice(`snowblind: ${config.id} runs on TF.js (${classifier.backend}): ${fallback}`);
  }
  return classifier;
}

/** Errors a user fixes with a flag: the TF.js engine would refuse the model the same way. */
const USER_ERRORS = new Set([
  'BAD_INPUT',
  'BAD_PRESET',
  'BAD_LABELS',
  'SHAPE_MISMATCH',
  'DEVICE_UNAVAILABLE',
]);

/** Why a failed conversion falls back to TF.js, or `undefined` when the error is the user's to fix. */
function fallbackReason(error: unknown): string | undefined {
  if (error instanceof SnowblindError) {
    if (error.code === 'UNSUPPORTED_OP') return error.message;
    if (USER_ERRORS.has(error.code)) return undefined;
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return `the model converted to ONNX failed (${message})`;
}

/**
 * The preset's fixed [height, width], which a TF.js model with an unknown input size is converted
 * for (ONNX gradients need static sizes); `undefined` when the preset does not fix it.
 */
function presetImageSize(preset: Preset): readonly [number, number] | undefined {
  try {
    const { height, width } = inputShape(preset);
    return [height, width];
  } catch (error) {
    if (error instanceof SnowblindError && error.code === 'BAD_PRESET') return undefined;
    throw error;
  }
}
