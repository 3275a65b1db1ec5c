/**
 * Runs a gradient model in onnxruntime: one session, one call per batch, float32 in and out.
 */
import { ort } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { buildGradientModel, type GradientTarget } from './gradient-model.js';
import { parseOnnxModel } from './model.js';

/** Options for {@link createOnnxGradientRunner}. */
export interface OnnxGradientRunnerOptions {
  /**
   * onnxruntime intra-op threads.
   * @defaultValue 1
   */
  threads?: number;
  /** @defaultValue `'output'` (see {@link GradientModelOptions.wrt}) */
  wrt?: GradientTarget;
  /** Folder of the model file, for models with external data. */
  baseDir?: string;
}

/** Result of one forward+backward pass. */
export interface ForwardBackwardResult {
  /** Model output, n × numClasses, row-major. */
  outputs: Float32Array;
  /** Input gradients, same layout and length as the input batch. */
  gradients: Float32Array;
}

/** A loaded gradient model. */
export interface OnnxGradientRunner {
  /** Values per example in the model output. */
  readonly numClasses: number;
  /** Values per example in the input. */
  readonly inputSize: number;
  /**
   * Estimated peak memory one example adds to a {@link OnnxGradientRunner.forwardBackward} call,
   * in bytes: the forward activations from shape inference times {@link GRADIENT_MEMORY_FACTOR}.
   */
  readonly bytesPerExample: number;
  /**
   * Logits and input gradients for a batch of `n` examples in the model's input layout, each
   * differentiating its own target class.
   */
  forwardBackward(input: Float32Array, n: number, targets: readonly number[]): Promise<ForwardBackwardResult>;
  /** Release the onnxruntime session. */
  dispose(): Promise<void>;
}

/**
 * Peak RSS growth of a forward+backward batch per byte of forward activations (see
 * `OnnxGradientGraph.activationBytes`), the largest of four torchvision models at 224 px
 * (onnxruntime 1.30, CPU, batch 2 → 8): vgg11 1.19, efficientnet_v2_s 0.91, resnet18 0.79,
 * densenet121 0.62 (onnxruntime fuses and frees some activations; vgg11's big early maps and
 * their gradients coexist).
 */
export const GRADIENT_MEMORY_FACTOR = 1.25;

/**
 * Load an ONNX classifier and return a runner that computes outputs and input gradients in one
 * onnxruntime session (see {@link buildGradientModel}).
 *
 * @throws SnowblindError `UNSUPPORTED_OP` for ops without a backward rule, `BAD_MODEL` when the
 * input or output size is not static (only the batch may be dynamic).
 */
export async function createOnnxGradientRunner(
  bytes: Uint8Array,
  options: OnnxGradientRunnerOptions = {},
): Promise<OnnxGradientRunner> {
  const model = parseOnnxModel(bytes, options.baseDir === undefined ? {} : { baseDir: options.baseDir });
  const grad = buildGradientModel(model, { wrt: options.wrt ?? 'output' });
  const rest = grad.inputShape.slice(1);
  if (rest.some((d) => d === null) || grad.numClasses === null) {
    throw new SnowblindError('BAD_MODEL', 'the model input or output has dynamic sizes besides the batch', {
      hint: 'export the model with a fixed image size (dynamic_axes only on the batch)',
    });
  }
  const inputSize = (rest as number[]).reduce((a, b) => a * b, 1);
  const numClasses = grad.numClasses;
  const fixedBatch = grad.inputShape[0] ?? null;
  const session = await ort.InferenceSession.create(grad.bytes, {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // The memory pattern pre-plans one block for every intermediate of the forward+backward
    // graph: on ResNet-18 (batch 16, 224 px) peak RSS was 1160 MB with it and 850 MB without, at
    // the same speed (A/B in one process: 859 vs 851 ms per batch).
    enableMemPattern: false,
  });

  async function run(
    input: Float32Array,
    n: number,
    targets: readonly number[],
  ): Promise<ForwardBackwardResult> {
    const target = new Float32Array(n * numClasses);
    targets.forEach((t, i) => {
      target[i * numClasses + t] = 1;
    });
    const feeds = {
      [grad.inputName]: new ort.Tensor('float32', input, [n, ...(rest as number[])]),
      [grad.targetName]: new ort.Tensor('float32', target, [n, numClasses]),
    };
    const out = await session.run(feeds);
    const logits = out[grad.outputNames.logits]!;
    const gradients = out[grad.outputNames.gradient]!;
    const result = { outputs: logits.data as Float32Array, gradients: gradients.data as Float32Array };
    logits.dispose();
    gradients.dispose();
    return result;
  }

  return {
    numClasses,
    inputSize,
    bytesPerExample: Math.ceil(grad.activationBytes * GRADIENT_MEMORY_FACTOR),
    async forwardBackward(input, n, targets) {
      if (!Number.isInteger(n) || n < 1 || input.length !== n * inputSize || targets.length !== n) {
        throw new SnowblindError(
          'SHAPE_MISMATCH',
          `expected ${n} examples of ${inputSize} values and ${n} targets`,
          {
            hint: `pass input.length = n × ${inputSize} in the model's layout and one target per example`,
          },
        );
      }
      for (const t of targets) {
        if (!Number.isInteger(t) || t < 0 || t >= numClasses) {
          throw new SnowblindError('BAD_INPUT', `target class ${t} is outside 0..${numClasses - 1}`, {
            hint: 'targets are class indices of the model output',
          });
        }
      }
      if (fixedBatch === null || fixedBatch === n) return run(input, n, targets);
      // Models exported with a fixed batch run in chunks of that size, the last one zero-padded.
      const outputs = new Float32Array(n * numClasses);
      const gradients = new Float32Array(n * inputSize);
      for (let start = 0; start < n; start += fixedBatch) {
        const count = Math.min(fixedBatch, n - start);
        const chunk = new Float32Array(fixedBatch * inputSize);
        chunk.set(input.subarray(start * inputSize, (start + count) * inputSize));
        const chunkTargets = [
          ...targets.slice(start, start + count),
          ...new Array<number>(fixedBatch - count).fill(0),
        ];
        const r = await run(chunk, fixedBatch, chunkTargets);
        outputs.set(r.outputs.subarray(0, count * numClasses), start * numClasses);
        gradients.set(r.gradients.subarray(0, count * inputSize), start * inputSize);
      }
      return { outputs, gradients };
    },
    dispose: () => session.release(),
  };
}
