import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

let cachedVersion: string | undefined;

/**
 * Version of `@snowblind/core` for the report (two levels up from `src/fool/` and `dist/fool/`).
 * The audit module has the same helper but keeps it private.
 */
export function coreVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** Logical cores available to this process. */
export function hostCores(): number {
  return availableParallelism();
}
