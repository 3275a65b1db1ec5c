import { tfjsGradientModel } from '../attribution/index.js';
import type { GradientModel } from '../attribution/types.js';
import { selectTfBackend, tf } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import type { Preset } from '../image/types.js';
import { runInFixedBatches } from './fixed-batch.js';
import { checkBatch, type InputGeometry, inputGeometry } from './input-geometry.js';
import { fitLabels } from './model-labels.js';
import { decideOutputKind } from './output-kind.js';
import { readTfjsFromDisk, type TfjsArtifactsOnDisk, type TfjsModelKind } from './tfjs-from-disk.js';
import type { BackendName, Classifier, ModelFormat, OutputKind } from './types.js';

/** What {@link createTfjsClassifier} needs; `load-model.ts` resolves it from files and options. */
export interface TfjsClassifierConfig {
  readonly id: string;
  /** Path of the model.json. */
  readonly path: string;
  readonly preset: Preset;
  readonly labels: readonly string[] | undefined;
  readonly outputKind: OutputKind | 'auto' | undefined;
  readonly backend: BackendName | 'auto' | undefined;
  /** The model.json and weights already read from `path`. @defaultValue read from `path` */
  readonly source?: TfjsArtifactsOnDisk | undefined;
  /** Why the model is not running converted on onnxruntime ({@link Classifier.fallback}). */
  readonly fallback?: string | undefined;
}

type TfModel = tf.LayersModel | tf.GraphModel;

class TfjsClassifier implements Classifier {
  labels: readonly string[] = [];
  outputKind: OutputKind = 'logits';
  numClasses = 0;
  fallback?: string;

  constructor(
    readonly id: string,
    readonly format: ModelFormat,
    readonly preset: Preset,
    readonly backend: BackendName,
    private readonly model: TfModel,
    private readonly geometry: InputGeometry,
  ) {}

  get inputChannels(): number {
    return this.geometry.channels;
  }

  async predict(input: Float32Array, n: number): Promise<Float32Array> {
    checkBatch(input, n, this.geometry, this.id);
    // TF.js has one active backend per process; another model may have switched it since load.
    await selectTfBackend(this.backend);
    return runInFixedBatches(input, n, this.geometry, this.numClasses, (chunk, count) =>
      this.run(chunk, count),
    );
  }

  async run(input: Float32Array, n: number): Promise<Float32Array> {
    const shape = [n, ...this.geometry.dims];
    let out: tf.Tensor;
    try {
      out = tf.tidy(() => {
        const y = this.model.predict(tf.tensor(input, shape, 'float32'));
        return (Array.isArray(y) ? y[0]! : (y as tf.Tensor)).reshape([n, -1]);
      });
    } catch (error) {
      // Graph models with control flow (While, If) only run through executeAsync, outside tidy.
      if (!(this.model instanceof tf.GraphModel && /executeAsync/.test(String(error)))) throw error;
      out = await this.executeAsync(this.model, input, shape, n);
    }
    try {
      return Float32Array.from((await out.data()) as Float32Array);
    } finally {
      out.dispose();
    }
  }

  private async executeAsync(
    model: tf.GraphModel,
    input: Float32Array,
    shape: number[],
    n: number,
  ): Promise<tf.Tensor> {
    const x = tf.tensor(input, shape, 'float32');
    try {
      const y = await model.executeAsync(x);
      const all = Array.isArray(y) ? y : [y];
      const first = all[0]!.reshape([n, -1]);
      tf.dispose(all);
      return first;
    } finally {
      x.dispose();
    }
  }

  private gradients: GradientModel | undefined;

  async gradientModel(): Promise<GradientModel> {
    this.gradients ??= tfjsGradientModel(this.model, this.geometry.dims);
    const inner = this.gradients;
    const backend = this.backend;
    // Like predict: make sure this model's backend is the active one before every call.
    return {
      inputSize: inner.inputSize,
      numClasses: inner.numClasses,
      inputShape: inner.inputShape,
      async forward(input, n) {
        await selectTfBackend(backend);
        return inner.forward(input, n);
      },
      async gradient(input, n, targets) {
        await selectTfBackend(backend);
        return inner.gradient(input, n, targets);
      },
      async memoryPerExample() {
        await selectTfBackend(backend);
        return inner.memoryPerExample!();
      },
    } satisfies GradientModel;
  }

  async dispose(): Promise<void> {
    this.model.dispose();
  }
}

const PASS_THROUGH = new Set(['Reshape', 'Flatten', 'Dropout', 'InputLayer']);

/** True when a Keras model ends in a softmax (possibly followed by reshapes, as MobileNet is). */
function layersEndInSoftmax(model: tf.LayersModel): boolean {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i]!;
    const cls = layer.getClassName();
    const activation = layer.getConfig()['activation'];
    if (cls === 'Softmax' || activation === 'softmax') return true;
    if (PASS_THROUGH.has(cls) || (cls === 'Activation' && activation === 'linear')) continue;
    return false;
  }
  return false;
}

/** True when the graph's first output is produced by Softmax (looking through Identity / Reshape). */
function graphEndsInSoftmax(topology: unknown, outputName: string | undefined): boolean {
  const nodes = (topology as { node?: { name: string; op: string; input?: string[] }[] })?.node ?? [];
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let node = outputName ? byName.get(outputName.split(':')[0]!) : undefined;
  for (let hops = 0; node && hops < 8; hops++) {
    if (node.op === 'Softmax') return true;
    if (node.op !== 'Identity' && node.op !== 'Reshape' && node.op !== 'Squeeze') return false;
    node = byName.get((node.input?.[0] ?? '').split(':')[0]!);
  }
  return false;
}

/**
 * Load a TF.js LayersModel or GraphModel from a `model.json` on disk on the selected TF.js
 * backend, check its input against the preset and warm it up with one image of zeros (as
 * tfjs-models does), deciding `numClasses` and `outputKind` from that pass.
 *
 * @remarks TF.js has a single active backend per process; `predict` re-selects this model's
 * backend (a cached no-op when it is already active), so models loaded on different backends
 * still run where they were loaded.
 */
export async function createTfjsClassifier(config: TfjsClassifierConfig): Promise<Classifier> {
  const backend = await selectTfBackend(config.backend);
  const { kind, artifacts } = config.source ?? (await readTfjsFromDisk(config.path));
  let model: TfModel;
  try {
    model =
      kind === 'layers'
        ? await tf.loadLayersModel(tf.io.fromMemory(artifacts))
        : await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new SnowblindError('BAD_MODEL', `TF.js cannot load ${config.path}: ${(error as Error).message}`, {
      hint: 'check that model.json and its weight files come from the same export',
      cause: error,
    });
  }
  try {
    const input = model.inputs[0];
    if (model.inputs.length !== 1 || !input) {
      throw new SnowblindError(
        'BAD_MODEL',
        `${config.id} has ${model.inputs.length} inputs; an image classifier has one`,
        {
          hint: 'export the model with a single image tensor input',
        },
      );
    }
    const shape = (input.shape as (number | null)[] | undefined) ?? [null, null, null, null];
    const geometry = inputGeometry(shape, config.preset, config.id);
    const format: ModelFormat = (kind satisfies TfjsModelKind) === 'layers' ? 'tfjs-layers' : 'tfjs-graph';
    const classifier = new TfjsClassifier(config.id, format, config.preset, backend, model, geometry);
    if (config.fallback !== undefined) classifier.fallback = config.fallback;
    const warmN = geometry.fixedBatch ?? 1;
    const warm = await classifier.run(new Float32Array(warmN * geometry.size), warmN);
    classifier.numClasses = warm.length / warmN;
    classifier.labels = fitLabels(config.labels, classifier.numClasses, config.id);
    const softmax =
      kind === 'layers'
        ? layersEndInSoftmax(model as tf.LayersModel)
        : graphEndsInSoftmax(artifacts.modelTopology, model.outputs[0]?.name);
    classifier.outputKind = decideOutputKind(config.outputKind, softmax, {
      values: warm,
      n: warmN,
      k: classifier.numClasses,
    });
    return classifier;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
