import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

let cachedVersion: string | undefined;

/**
 * Version of `@snowblind/core`, read from its package.json (two levels up from both
 * `src/audit/` and `dist/audit/`), so the report always names the code that produced it.
 * @internal
 */
export function snowblindVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const url = new URL('../../package.json', import.meta.url);
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
      cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** Logical cores available to this process. @internal */
export function hostCores(): number {
  return availableParallelism();
}
