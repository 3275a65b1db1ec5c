import { type EngineChoice, parseBackend } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import type { BackendName } from './types.js';

/**
 * The engine a TF.js model gets from the load options and its registry entry.
 *
 * @remarks `--backend` names a TF.js backend or onnxruntime, so on a TF.js model it implies an
 * engine: `onnx` means engine `onnx`, and `tensorflow-gpu|tensorflow|wasm|cpu` mean engine
 * `tfjs` on that backend (as before the converter existed). Precedence: `engine` given (not
 * `auto`), then `backend` given (not `auto`), then a TF.js backend named by `$SNOWBLIND_BACKEND`
 * (`onnx` there keeps meaning "onnxruntime for ONNX models", not a demand), then the registry
 * entry's `engine`, then `auto`.
 * @throws SnowblindError `BAD_INPUT` when `engine` and `backend` contradict each other.
 */
export function tfjsEnginePlan(
  engine: EngineChoice | undefined,
  backend: BackendName | 'auto' | undefined,
  entryEngine: EngineChoice | undefined,
): EngineChoice {
  const implied = impliedEngine(backend);
  if (engine !== undefined && engine !== 'auto') {
    if (implied !== undefined && implied !== engine) {
      throw new SnowblindError('BAD_INPUT', `--engine ${engine} contradicts --backend ${backend}`, {
        hint:
          engine === 'onnx'
            ? 'onnxruntime runs the converted model: drop --backend (or pass --backend onnx)'
            : 'pick the TF.js backend with --backend auto, tensorflow-gpu, tensorflow, wasm or cpu',
      });
    }
    return engine;
  }
  const fromEnv = parseBackend(process.env['SNOWBLIND_BACKEND'] || 'auto');
  return implied ?? (fromEnv === 'onnx' ? undefined : impliedEngine(fromEnv)) ?? entryEngine ?? 'auto';
}

function impliedEngine(backend: BackendName | 'auto' | undefined): EngineChoice | undefined {
  if (backend === undefined || backend === 'auto') return undefined;
  return backend === 'onnx' ? 'onnx' : 'tfjs';
}

/**
 * Refuse `--engine tfjs` on an ONNX model: onnxruntime is the only engine that runs ONNX files.
 * @throws SnowblindError `BACKEND_UNAVAILABLE`.
 */
export function checkOnnxEngine(id: string, engine: EngineChoice | undefined): void {
  if (engine === 'tfjs') {
    throw new SnowblindError(
      'BACKEND_UNAVAILABLE',
      `${id} is an ONNX model; the TF.js engine cannot run it`,
      {
        hint: 'ONNX models run on onnxruntime: use --engine auto or onnx',
      },
    );
  }
}
