import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { SnowblindError } from '../errors.js';
import { ort } from './onnxruntime.js';
import type { DeviceName } from './types.js';

/** Options for {@link createOnnxSession}. */
export interface OnnxSessionOptions {
  /**
   * `cuda` uses onnxruntime's CUDA execution provider (needs the CUDA build of the provider
   * libraries); `cpu` the bundled CPU provider.
   * @defaultValue `'cpu'`
   */
  device?: DeviceName;
  /**
   * Threads used inside one operator (`intraOpNumThreads`).
   * @defaultValue `os.availableParallelism()`
   */
  threads?: number;
  /**
   * Whether idle intra-op threads busy-wait for the next operator (onnxruntime's
   * `session.intra_op.allow_spinning`). Spinning shaves latency when onnxruntime has the cores
   * to itself; `false` hands the cores back between operators, which pays when other threads
   * (the audit's noise workers) need them.
   * @defaultValue `true`
   */
  spinWait?: boolean;
}

/**
 * Create an onnxruntime-node inference session from model bytes or a file path.
 *
 * @throws SnowblindError `FILE_NOT_FOUND` for a missing path, `BAD_MODEL` when onnxruntime
 * cannot parse or initialise the model, `DEVICE_UNAVAILABLE` when `cuda` is requested but the
 * CUDA execution provider cannot be loaded.
 */
export async function createOnnxSession(
  model: Uint8Array | string,
  options: OnnxSessionOptions = {},
): Promise<ort.InferenceSession> {
  const device = options.device ?? 'cpu';
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new SnowblindError('BAD_INPUT', `threads must be a positive integer, got ${threads}`, {
      hint: 'omit threads to use one per core',
    });
  }
  // Outside the try below: a missing onnxruntime is BACKEND_UNAVAILABLE, not a bad model.
  const { InferenceSession } = ort;
  const bytes = typeof model === 'string' ? await readModelFile(model) : model;
  const where = typeof model === 'string' ? model : 'model bytes';
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: device === 'cuda' ? [{ name: 'cuda' }] : ['cpu'],
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(options.spinWait === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  };
  try {
    return await InferenceSession.create(bytes, sessionOptions);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (device === 'cuda' && /cuda|provider|shared library/i.test(message)) {
      throw new SnowblindError(
        'DEVICE_UNAVAILABLE',
        `CUDA is not available to onnxruntime (${firstLine(message)})`,
        {
          hint: 'install the CUDA 12 runtime and cuDNN plus the onnxruntime-node CUDA binaries (`npm install onnxruntime-node` without ONNXRUNTIME_NODE_INSTALL=skip), or use --device cpu',
          cause: error,
        },
      );
    }
    throw new SnowblindError('BAD_MODEL', `onnxruntime cannot load ${where}: ${firstLine(message)}`, {
      hint: 'check that the file is a complete ONNX model (e.g. from torch.onnx.export) and not truncated',
      cause: error,
    });
  }
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new SnowblindError('FILE_NOT_FOUND', `cannot read ONNX model ${path}`, {
      hint: 'check the path, or list registered models with `snowblind models list`',
      cause: error,
    });
  }
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function firstLine(message: string): string {
  // onnxruntime appends ANSI-coloured native log lines; keep the first sentence.
  return message.replace(ANSI_COLOUR, '').split('\n')[0]!.trim();
}
