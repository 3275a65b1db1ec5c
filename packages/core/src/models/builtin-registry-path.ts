import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built-in registry is: `SNOWBLIND_MODELS` (a folder holding `registry.json`, or the
 * file itself) when set, else the first `models/registry.json` found walking up from this module
 * (works from `src/` under vitest and from `dist/` after a build). `undefined` when none exists.
 */
export function findBuiltinRegistry(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  const env = process.env['SNOWBLIND_MODELS'];
  if (env) return env.toLowerCase().endsWith('.json') ? resolve(env) : resolve(env, 'registry.json');
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'models', 'registry.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
