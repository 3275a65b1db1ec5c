import { availableParallelism } from 'node:os';
import { SnowblindError } from '../errors.js';
import { parseBackend } from './parse-backend.js';
import { tf } from './tfjs.js';
import type { BackendName } from './types.js';

/** Where engine notices (a skipped optional backend) go. One line per notice. */
export type EngineLogger = (message: string) => void;

/** TF.js backends in preference order; `onnx` is not a TF.js backend. */
export const TF_BACKEND_LADDER = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** A TF.js backend name from the ladder. */
export type TfBackendName = (typeof TF_BACKEND_LADDER)[number];

const PACKAGES: Record<TfBackendName, string | undefined> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: undefined,
};

const INSTALL_HINT: Record<TfBackendName, string> = {
  'tensorflow-gpu':
    'install it with `npm install @tensorflow/tfjs-node-gpu` (needs CUDA and network access to download libtensorflow), or use --backend auto',
  tensorflow:
    'install it with `npm install @tensorflow/tfjs-node` (its install script downloads libtensorflow), or use --backend auto',
  wasm: 'reinstall dependencies with `npm ci` (the wasm binary ships inside @tensorflow/tfjs-backend-wasm), or use --backend cpu',
  cpu: 'the pure-JS cpu backend ships with @tensorflow/tfjs; reinstall dependencies with `npm ci`',
};

let logger: EngineLogger = (message) => console.warn(message);
const logged = new Set<string>();
/** Per-backend availability, decided once per process (import + registration are not repeatable). */
const available = new Map<TfBackendName, Promise<string | undefined>>();
let lock: Promise<unknown> = Promise.resolve();

/**
 * Replace the logger used for engine notices (default: `console.warn`). Returns the previous one,
 * so tests and faces can restore it.
 */
export function setEngineLogger(next: EngineLogger): EngineLogger {
  const previous = logger;
  logger = next;
  return previous;
}

/**
 * Send one engine notice (one line) to the engine logger, e.g. the loader's "this TF.js model
 * does not convert to ONNX, running it on TF.js". Not deduplicated: each call is one line.
 */
export function engineNotice(message: string): void {
  logger(message);
}

function logOnce(key: string, message: string): void {
  if (logged.has(key)) return;
  logged.add(key);
  logger(message);
}

// A non-literal specifier keeps TypeScript and bundlers from requiring optional packages.
async function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

/** Load and register one backend; resolves to the TF.js registry name, or undefined + reason. */
async function probe(name: TfBackendName): Promise<string | undefined> {
  const pkg = PACKAGES[name];
  if (name === 'cpu') return 'cpu';
  try {
    const mod = (await importOptional(pkg!)) as { setThreadsCount?: (n: number) => void };
    if (name === 'wasm') {
      // Node has no cross-origin-isolated workers, so the wasm backend runs single-threaded with
      // SIMD; only ask for threads where the runtime can honour them.
      if (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) {
        mod.setThreadsCount?.(availableParallelism());
      }
      return 'wasm';
    }
    // tfjs-node and tfjs-node-gpu both register themselves as `tensorflow`.
    return tf.findBackendFactory('tensorflow') ? 'tensorflow' : undefined;
  } catch (error) {
    // Not installed is the normal case for the optional native backends: the ladder reports it
    // in one line. A package that is installed but fails to load deserves its own line.
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      logOnce(
        `broken:${name}`,
        `snowblind: TF.js backend ${name} failed to load (${pkg}: ${reason}); skipping`,
      );
    }
    return undefined;
  }
}

function availability(name: TfBackendName): Promise<string | undefined> {
  let p = available.get(name);
  if (!p) {
    p = probe(name);
    available.set(name, p);
  }
  return p;
}

async function activate(name: TfBackendName): Promise<boolean> {
  const registered = await availability(name);
  if (!registered) return false;
  if (tf.getBackend() === registered) return true;
  let ok = false;
  try {
    ok = await tf.setBackend(registered);
  } catch {
    ok = false;
  }
  if (!ok) {
    logOnce(`init:${name}`, `snowblind: TF.js backend ${name} failed to initialise; skipping`);
    available.set(name, Promise.resolve(undefined));
    return false;
  }
  await tf.ready();
  return true;
}

let quieted = false;

/**
 * TF.js prints a banner ("install tfjs-node …") to the console the first time the pure-JS cpu
 * backend runs in Node, and other debug-level warnings; production mode silences them without
 * changing any result. `SNOWBLIND_TF_DEBUG=1` keeps TF.js's default (debug) mode.
 */
function quietTfjs(): void {
  if (quieted || process.env['SNOWBLIND_TF_DEBUG']) return;
  quieted = true;
  tf.enableProdMode();
}

async function select(requested: TfBackendName | 'auto'): Promise<TfBackendName> {
  quietTfjs();
  if (requested !== 'auto') {
    if (await activate(requested)) return requested;
    throw new SnowblindError('BACKEND_UNAVAILABLE', `TF.js backend ${requested} is not available`, {
      hint: INSTALL_HINT[requested],
    });
  }
  const skipped: string[] = [];
  for (const name of TF_BACKEND_LADDER) {
    if (await activate(name)) {
      if (skipped.length > 0)
        logOnce('ladder', `snowblind: TF.js on ${name}; ${skipped.join(', ')} not installed, skipped`);
      return name;
    }
    if (PACKAGES[name]) skipped.push(PACKAGES[name]!);
  }
  throw new SnowblindError('BACKEND_UNAVAILABLE', 'no TF.js backend could be initialised', {
    hint: INSTALL_HINT.cpu,
  });
}

/**
 * Pick and activate the TF.js backend, walking the ladder tensorflow-gpu → tensorflow → wasm →
 * cpu for `auto`.
 *
 * @param requested - a backend name or `auto`.
 * @defaultValue `process.env.SNOWBLIND_BACKEND` (`onnx` there means `auto`), else `auto`
 * @returns the backend now active in TF.js.
 * @remarks `@tensorflow/tfjs-node(-gpu)` are optional: they are imported dynamically and each
 * missing one is skipped with one log line per process (see {@link setEngineLogger}). Asking
 * explicitly for a missing backend throws `BACKEND_UNAVAILABLE` with an install hint. Probing
 * is cached, and calls are serialised because TF.js has one global backend, so repeated calls
 * are cheap and idempotent.
 */
export function selectTfBackend(requested?: BackendName | 'auto'): Promise<BackendName> {
  const fromEnv = parseBackend(process.env['SNOWBLIND_BACKEND'] || 'auto');
  // SNOWBLIND_BACKEND=onnx selects onnxruntime for ONNX models; TF.js models then use the ladder.
  const choice = requested ?? (fromEnv === 'onnx' ? 'auto' : fromEnv);
  if (choice === 'onnx') {
    return Promise.reject(
      new SnowblindError('BACKEND_UNAVAILABLE', 'onnx is not a TF.js backend', {
        hint: 'onnxruntime runs .onnx models; for a TF.js model choose auto, tensorflow-gpu, tensorflow, wasm or cpu',
      }),
    );
  }
  const run = lock.then(() => select(choice));
  lock = run.catch(() => undefined);
  return run;
}
