import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const PROJECT = fileURLToPath(new URL('../test/types-project/', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../dist/vitest.d.ts', import.meta.url)));

/** tsc's diagnostics for one tsconfig of the user-like project (resolves the package's dist types). */
function typeCheck(config: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, '-p', `${PROJECT}${config}`, '--pretty', 'false'], {
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe.skipIf(!BUILT)('the matcher types in a project that only lists the setup entry', () => {
  if (!BUILT) console.warn('skipped: packages/vitest-robustness/dist is not built (npm run build)');

  it('`"types": ["@snowblind/vitest-robustness/vitest"]` in tsconfig gives toRejectNoise its types', () => {
    const run = typeCheck('tsconfig.json');
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it('without it, tsc says toRejectNoise does not exist (why the README asks for the entry)', () => {
    const run = typeCheck('tsconfig.no-types.json');
    expect(run.output).toMatch(/gate\.ts\(6,\d+\): error TS2339: Property 'toRejectNoise' does not exist/);
  }, 60_000);
});
