import {
  type Classifier,
  inputShape,
  type LoadOptions,
  loadModel,
  looksLikeProbabilities,
  type OutputKind,
  type Preset,
  type PresetSpec,
  resolvePreset,
  SnowblindError,
} from '@snowblind/core';
import { finiteOutputs } from './finite-outputs.js';

/**
 * A model snowblind does not load itself: takes `n` preprocessed images (laid out per the
 * preset, float32) and returns `n × classes` logits or probabilities.
 */
export type PredictFn = (batch: Float32Array, n: number) => Float32Array | Promise<Float32Array>;

/** What the matchers accept as a model: a loaded Classifier, a registry id or path, or a function. */
export type ModelInput = Classifier | string | PredictFn;

/** How to load or describe the model under test. */
export interface ModelOptions {
  /**
   * Function models: the preprocessing the function expects (a preset name such as
   * `fashion-mnist`, a preset JSON path or a preset object). Ignored for Classifiers; for ids
   * and paths it is passed to `loadModel`.
   * @defaultValue `'torchvision'` for functions, the registry/manifest preset for ids and paths
   */
  readonly preset?: string | PresetSpec;
  /** Function models: the class count or the class names in output order. Required for functions. */
  readonly classes?: number | readonly string[];
  /**
   * Function models: whether the function returns logits or probabilities; `auto` probes one
   * batch of zeros and checks whether rows sum to 1.
   * @defaultValue `'auto'`
   */
  readonly outputKind?: OutputKind | 'auto';
  /** Id shown in messages for function models. @defaultValue `'function model'` */
  readonly id?: string;
  /** Extra `loadModel` options for ids and paths. */
  readonly load?: LoadOptions;
}

/** A model ready to run, and whether the matcher owns (and must dispose) it. */
export interface ResolvedModel {
  readonly classifier: Classifier;
  /** The registry id or path the model was loaded from (for a CLI replay line), if any. */
  readonly ref: string | undefined;
  /** The `loadModel` options `ref` was loaded with (preset, labels, …), for the replay line. */
  readonly load?: LoadOptions;
  dispose(): Promise<void>;
}

function isClassifier(value: unknown): value is Classifier {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Classifier).predict === 'function' &&
    typeof (value as Classifier).numClasses === 'number'
  );
}

function labelsOf(classes: ModelOptions['classes']): string[] {
  if (typeof classes === 'number' && Number.isInteger(classes) && classes >= 1) {
    return Array.from({ length: classes }, (_, i) => `class ${i}`);
  }
  if (Array.isArray(classes) && classes.length >= 1) return classes.map(String);
  throw new SnowblindError('BAD_INPUT', 'a function model needs `classes` (a count ≥ 1 or the class names)', {
    hint: "Pass e.g. { classes: 10 } or { classes: ['cat', 'dog'] } next to the function.",
  });
}

async function probeOutputKind(fn: PredictFn, preset: Preset, classes: number): Promise<OutputKind> {
  const zeros = new Float32Array(inputShape(preset).size);
  const out = await fn(zeros, 1);
  return looksLikeProbabilities(out, 1, classes) ? 'probabilities' : 'logits';
}

/**
 * Wraps a plain function as a {@link Classifier}, so the core audit can batch it like any model.
 * @throws SnowblindError `BAD_INPUT` without `classes`, `BAD_PRESET` for a bad preset.
 */
export async function functionClassifier(fn: PredictFn, options: ModelOptions = {}): Promise<Classifier> {
  const labels = labelsOf(options.classes);
  const preset = await resolvePreset(options.preset ?? 'torchvision');
  const outputKind =
    options.outputKind === undefined || options.outputKind === 'auto'
      ? await probeOutputKind(fn, preset, labels.length)
      : options.outputKind;
  return {
    id: options.id ?? 'function model',
    format: 'onnx',
    labels,
    preset,
    outputKind,
    numClasses: labels.length,
    inputChannels: inputShape(preset).channels,
    backend: 'cpu',
    predict: async (input, n) => fn(input, n),
    dispose: async () => {},
  };
}

/**
 * Turns any {@link ModelInput} into a Classifier whose NaN or infinite outputs are a
 * `BAD_MODEL` error ({@link finiteOutputs}). Ids and paths are loaded with `loadModel` and
 * disposed by {@link ResolvedModel.dispose}; Classifiers passed in stay owned by the caller.
 */
export async function resolveModel(model: ModelInput, options: ModelOptions = {}): Promise<ResolvedModel> {
  const resolved = await resolveUnchecked(model, options);
  return { ...resolved, classifier: finiteOutputs(resolved.classifier) };
}

async function resolveUnchecked(model: ModelInput, options: ModelOptions): Promise<ResolvedModel> {
  if (typeof model === 'string') {
    const load: LoadOptions = { ...options.load };
    if (options.preset !== undefined && load.preset === undefined) load.preset = options.preset;
    const classifier = await loadModel(model, load);
    return { classifier, ref: model, load, dispose: () => classifier.dispose() };
  }
  if (typeof model === 'function') {
    return { classifier: await functionClassifier(model, options), ref: undefined, dispose: async () => {} };
  }
  if (isClassifier(model)) return { classifier: model, ref: undefined, dispose: async () => {} };
  throw new SnowblindError('BAD_INPUT', `expected a model, got ${describeValue(model)}`, {
    hint: 'Pass a Classifier from loadModel(), a registry id or model path, or a (batch, n) => logits function.',
  });
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object without predict() (${Object.keys(value).join(', ')})`;
  return typeof value;
}
