import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker thread on the module `name` (without extension) beside the module at `base`
 * (pass `import.meta.url`). Built code runs `name.js` directly. From TypeScript sources (vitest,
 * the `tsx` CLI) the worker is `name.ts`: a small eval'd script registers tsx's ESM loader with
 * `tsx/esm/api` and then imports it, with the `source` export condition so sibling workspace
 * packages load from their sources too (on Node 20 neither an inherited `--import tsx` nor
 * `--import tsx/esm` in a worker's execArgv reaches its entry module).
 *
 * @returns the worker, or `undefined` when neither script can run here (no built `.js`, and no
 *   `.ts` with tsx installed): callers then do the work in their own thread or report it.
 */
export function startModuleWorker(
  base: string,
  name: string,
  options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {},
): Worker | undefined {
  if (!base.startsWith('file:')) return undefined;
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const ts = new URL(`./${name}.ts`, base);
  const api = tsxApi(base);
  if (!api || !existsSync(fileURLToPath(ts))) return undefined;
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(code, { ...options, eval: true, execArgv: ['--conditions=source'] });
}

/** The file URL of tsx's ESM API as resolved from `base`, or undefined without tsx. */
function tsxApi(base: string): string | undefined {
  try {
    const tsxDir = dirname(createRequire(base).resolve('tsx/package.json'));
    const api = join(tsxDir, 'dist', 'esm', 'api', 'index.mjs');
    return existsSync(api) ? pathToFileURL(api).href : undefined;
  } catch {
    return undefined;
  }
}
