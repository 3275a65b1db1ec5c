import { SnowblindError } from '../errors.js';
import { checkInteger } from './batch.js';
import type { GradientModel, GradientResult } from './types.js';

/**
 * Memory a gradient call may use by default, in bytes (2 GB): well under a 16–24 GB machine
 * that runs other work: 8 densenet121, 10 efficientnet_v2_s, 24 vgg11 or 67 resnet18 examples
 * at 224 px (measured peak RSS of IG on densenet121: 1.4 GB, 6.8 GB at the old batch of 50).
 */
export const DEFAULT_MEMORY_BUDGET = 2e9;

/**
 * Rows a gradient batch of `model` may have within `budget` bytes: ⌊budget / bytes per example⌋,
 * at least 1, or `undefined` when the model gives no estimate ({@link GradientModel.memoryPerExample}).
 * @throws SnowblindError `BAD_INPUT` unless `budget` is a positive finite number.
 */
export async function rowsWithinBudget(model: GradientModel, budget: number): Promise<number | undefined> {
  if (!(Number.isFinite(budget) && budget > 0)) {
    throw new SnowblindError('BAD_INPUT', `memoryBudget must be a positive number of bytes, got ${budget}`, {
      hint: 'pass e.g. 2e9 for 2 GB',
    });
  }
  const perExample = await model.memoryPerExample?.();
  if (perExample === undefined || !(perExample > 0)) return undefined;
  return Math.max(1, Math.floor(budget / perExample));
}

/**
 * `model` with its gradient calls split into batches of at most `rows` examples (results
 * concatenated: examples do not interact), and an allocation failure of the engine reported as
 * `OUT_OF_MEMORY` naming the options that shrink the batch.
 */
export function splitGradientCalls(model: GradientModel, rows: number): GradientModel {
  checkInteger('rows', rows, 1);
  const gradient = async (input: Float32Array, n: number, targets: readonly number[]) => {
    try {
      return await model.gradient(input, n, targets);
    } catch (error) {
      throw isOutOfMemory(error) ? outOfMemory(n, error) : error;
    }
  };
  return {
    ...model,
    forward: (input, n) => model.forward(input, n),
    async gradient(input, n, targets): Promise<GradientResult> {
      if (n <= rows) return gradient(input, n, targets);
      const size = model.inputSize;
      const outputs = new Float32Array(n * model.numClasses);
      const gradients = new Float32Array(n * size);
      for (let start = 0; start < n; start += rows) {
        const end = Math.min(start + rows, n);
        const part = await gradient(
          input.subarray(start * size, end * size),
          end - start,
          targets.slice(start, end),
        );
        outputs.set(part.outputs, start * model.numClasses);
        gradients.set(part.gradients, start * size);
      }
      return { outputs, gradients };
    },
  };
}

/**
 * Messages of allocation failures: onnxruntime's arena, TF.js wasm's heap (a failed allocation
 * there aborts the module: `RuntimeError: Aborted()`), V8's array buffers.
 */
const OUT_OF_MEMORY =
  /bad_alloc|failed to allocate|out of memory|cannot enlarge memory|array buffer allocation failed|\bOOM\b|\bAborted\(/i;

/** True when `error` is an engine's allocation failure. */
export function isOutOfMemory(error: unknown): boolean {
  return !(error instanceof SnowblindError) && OUT_OF_MEMORY.test(String(error));
}

function outOfMemory(rows: number, cause: unknown): SnowblindError {
  // A wasm module that aborted stays dead: the next call in this process would fail too.
  const wasm = /\bAborted\(/.test(String(cause)) ? ' (TF.js wasm heap; run again in a new process)' : '';
  return new SnowblindError(
    'OUT_OF_MEMORY',
    `the gradient of ${rows} examples at once did not fit in memory${wasm}`,
    {
      hint: 'lower the memory budget (--memory-budget, memoryBudget) or the internal batch size (--internal-batch-size), or run TF.js models converted on onnxruntime (--engine auto or onnx)',
      cause,
    },
  );
}
