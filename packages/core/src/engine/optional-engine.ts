import { createRequire } from 'node:module';
import { SnowblindError } from '../errors.js';

const require = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

/**
 * Load an engine package (onnxruntime-node, TF.js) the first time it is needed. They are
 * optional peer dependencies of `@snowblind/core`: a project that only gates plain functions
 * never installs them, so nothing may import them before a model needs them.
 *
 * `require` keeps the load synchronous (TF.js calls sit inside sync code such as `tf.tidy`) and
 * returns the same instance as an `import` elsewhere: both packages are CommonJS without an
 * `exports` map, so Node resolves both forms to one file.
 *
 * @throws SnowblindError `BACKEND_UNAVAILABLE` naming the package to install when it is missing
 * or fails to load.
 */
export function requireEngine<T>(pkg: string): T {
  if (loaded.has(pkg)) return loaded.get(pkg) as T;
  let mod: T;
  try {
    mod = require(pkg) as T;
  } catch (error) {
    throw engineError(pkg, error);
  }
  loaded.set(pkg, mod);
  return mod;
}

function engineError(pkg: string, error: unknown): SnowblindError {
  const message = error instanceof Error ? error.message : String(error);
  const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && message.includes(`'${pkg}'`);
  if (missing) {
    return new SnowblindError('BACKEND_UNAVAILABLE', `${pkg} is not installed; this model needs it`, {
      hint: `npm install ${pkg}`,
      cause: error,
    });
  }
  return new SnowblindError('BACKEND_UNAVAILABLE', `${pkg} failed to load: ${message.split('\n')[0]}`, {
    hint: `reinstall it with \`npm install ${pkg}\``,
    cause: error,
  });
}

/**
 * A stand-in for `import * as x from pkg` that loads `pkg` on the first property read (see
 * {@link requireEngine}), so importing the module that holds it costs nothing.
 */
export function lazyEngine<T extends object>(pkg: string): T {
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(requireEngine<T>(pkg), key),
    has: (_target, key) => Reflect.has(requireEngine<T>(pkg), key),
  });
}
