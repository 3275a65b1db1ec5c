import { availableParallelism } from 'node:os';
import type { GradientModel } from '../attribution/types.js';
import { createOnnxSession, float16ToFloat32, float32ToFloat16, ort } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import type { Preset } from '../image/types.js';
import { createOnnxGradientRunner, type OnnxGradientRunner } from '../onnx/index.js';
import { runInFixedBatches } from './fixed-batch.js';
import { checkBatch, type InputGeometry, inputGeometry } from './input-geometry.js';
import { fitLabels } from './model-labels.js';
import { onnxOutputOps } from './onnx-graph.js';
import { decideOutputKind } from './output-kind.js';
import type { BackendName, Classifier, DeviceName, ModelFormat, OutputKind } from './types.js';

/** What {@link createOnnxClassifier} needs; `load-model.ts` resolves it from files and options. */
export interface OnnxClassifierConfig {
  readonly id: string;
  readonly bytes: Uint8Array;
  readonly preset: Preset;
  readonly labels: readonly string[] | undefined;
  readonly outputKind: OutputKind | 'auto' | undefined;
  /** Format recorded in reports: `onnx`, or the TF.js format the model was converted from. */
  readonly format?: ModelFormat | undefined;
  readonly device: DeviceName | undefined;
  readonly threads?: number | undefined;
  /** Busy-waiting of idle intra-op threads (`spinWait` of the engine's session options). */
  readonly spinWait?: boolean | undefined;
}

type ElementType = 'float32' | 'float16';

class OnnxClassifier implements Classifier {
  format: ModelFormat = 'onnx';
  readonly backend: BackendName = 'onnx';
  labels: readonly string[] = [];
  outputKind: OutputKind = 'logits';
  numClasses = 0;

  constructor(
    readonly id: string,
    readonly preset: Preset,
    private readonly session: ort.InferenceSession,
    private readonly geometry: InputGeometry,
    private readonly inputName: string,
    private readonly inputType: ElementType,
    private readonly outputName: string,
    private readonly bytes: Uint8Array,
    private readonly threads: number | undefined,
  ) {}

  get inputChannels(): number {
    return this.geometry.channels;
  }

  async predict(input: Float32Array, n: number): Promise<Float32Array> {
    checkBatch(input, n, this.geometry, this.id);
    return runInFixedBatches(input, n, this.geometry, this.numClasses, (chunk, count) =>
      this.run(chunk, count),
    );
  }

  /** One session run of exactly `n` images (n must fit the model's batch dim). */
  async run(input: Float32Array, n: number): Promise<Float32Array> {
    const dims = [n, ...this.geometry.dims];
    const tensor =
      this.inputType === 'float16'
        ? new ort.Tensor('float16', float32ToFloat16(input), dims)
        : new ort.Tensor('float32', input, dims);
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run({ [this.inputName]: tensor }, [this.outputName]);
    } catch (error) {
      throw new SnowblindError(
        'BAD_MODEL',
        `${this.id}: onnxruntime failed to run the model: ${String(error)}`,
        {
          hint: 'check that the preset matches the model input (size, layout, channels)',
          cause: error,
        },
      );
    } finally {
      tensor.dispose();
    }
    const output = result[this.outputName]!;
    try {
      const data = output.data;
      const values =
        output.type === 'float16' && data instanceof Uint16Array
          ? float16ToFloat32(data)
          : data instanceof Float32Array
            ? Float32Array.from(data)
            : Float32Array.from(data as ArrayLike<number>);
      if (values.length % n !== 0) {
        throw new SnowblindError(
          'SHAPE_MISMATCH',
          `${this.id}: output of ${values.length} values for ${n} images`,
          {
            hint: 'snowblind expects one score vector per image (e.g. [N,1000] or [N,1000,1,1])',
          },
        );
      }
      return values;
    } finally {
      output.dispose();
    }
  }

  private gradients: Promise<OnnxGradientRunner> | undefined;

  /**
   * Input gradients from the model's backward graph, built in ONNX and run in onnxruntime
   * (see `onnx/`); float16 models are differentiated in float32.
   */
  async gradientModel(): Promise<GradientModel> {
    this.gradients ??= createOnnxGradientRunner(this.bytes, {
      threads: this.threads ?? availableParallelism(),
    });
    const runner = await this.gradients;
    return {
      inputSize: runner.inputSize,
      numClasses: runner.numClasses,
      inputShape: this.geometry.dims,
      forward: (input, n) => this.predict(input, n),
      memoryPerExample: async () => runner.bytesPerExample,
      gradient: (input, n, targets) => runner.forwardBackward(input, n, targets),
    };
  }

  async dispose(): Promise<void> {
    const gradients = this.gradients;
    this.gradients = undefined;
    if (gradients) await (await gradients).dispose();
    await this.session.release();
  }
}

/**
 * Open an ONNX classifier on onnxruntime-node: read the input name, shape and element type from
 * the session, check them against the preset, warm up with one image of zeros and decide
 * `numClasses` and `outputKind` from that first forward pass.
 *
 * @remarks A fixed batch dim (such as 1) is honoured by running larger batches in chunks.
 * float16 inputs and outputs are converted with the engine's float16 helpers.
 */
export async function createOnnxClassifier(config: OnnxClassifierConfig): Promise<Classifier> {
  const session = await createOnnxSession(config.bytes, {
    device: config.device ?? 'cpu',
    ...(config.threads === undefined ? {} : { threads: config.threads }),
    ...(config.spinWait === undefined ? {} : { spinWait: config.spinWait }),
  });
  try {
    const inputs = session.inputMetadata;
    if (inputs.length !== 1 || !inputs[0]!.isTensor) {
      throw new SnowblindError(
        'BAD_MODEL',
        `${config.id} has ${inputs.length} inputs; an image classifier has one`,
        {
          hint: 'export the model with a single image tensor input',
        },
      );
    }
    const meta = inputs[0]! as ort.InferenceSession.TensorValueMetadata;
    if (meta.type !== 'float32' && meta.type !== 'float16') {
      throw new SnowblindError(
        'BAD_MODEL',
        `${config.id} takes a ${meta.type} input; snowblind feeds float32 or float16`,
        {
          hint: 'export the model with a floating-point image input',
        },
      );
    }
    const shape = meta.shape.map((d) => (typeof d === 'number' && d > 0 ? d : null));
    const geometry = inputGeometry(shape, config.preset, config.id);
    const outputName = session.outputNames[0]!;
    const classifier = new OnnxClassifier(
      config.id,
      config.preset,
      session,
      geometry,
      meta.name,
      meta.type,
      outputName,
      config.bytes,
      config.threads,
    );
    const warmN = geometry.fixedBatch ?? 1;
    const warm = await classifier.run(new Float32Array(warmN * geometry.size), warmN);
    classifier.format = config.format ?? 'onnx';
    classifier.numClasses = warm.length / warmN;
    classifier.labels = fitLabels(config.labels, classifier.numClasses, config.id);
    const lastOp = onnxOutputOps(config.bytes).get(outputName);
    classifier.outputKind = decideOutputKind(config.outputKind, lastOp === 'Softmax', {
      values: warm,
      n: warmN,
      k: classifier.numClasses,
    });
    return classifier;
  } catch (error) {
    await session.release();
    throw error;
  }
}
