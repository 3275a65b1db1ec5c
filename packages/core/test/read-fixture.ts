import { readFileSync } from 'node:fs';

/**
 * Reads a JSON fixture from `packages/core/test/fixtures/<dir>/<name>` (test helper).
 */
export function readFixture<T>(dir: string, name: string): T {
  const url = new URL(`./fixtures/${dir}/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
