import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { built, ENABLED, inProject, installPacked, npmErrors, vitestResults } from './harness.js';
import { ENGINE_FREE_FILES } from './project-files.js';

const PACKAGES = ['core', 'vitest-robustness'];

describe.skipIf(!ENABLED || !built(PACKAGES))('a project that gates plain functions only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-engine-free-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs vitest-robustness without onnxruntime-node or TF.js, and gates a function', () => {
    const install = installPacked(dir, PACKAGES, ENGINE_FREE_FILES);
    expect(npmErrors(install.stderr)).toBe('');
    expect(install.status).toBe(0);
    // Optional peers stay out: plain npm install does not pull them.
    expect(existsSync(join(dir, 'node_modules/onnxruntime-node'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/@tensorflow'))).toBe(false);
    const megabytes = execFileSync('du', ['-sm', join(dir, 'node_modules')], { encoding: 'utf8' }).split(
      '\t',
    )[0];
    console.info(`engine-free project: node_modules ${megabytes} MB`);

    const out = join(dir, 'results.json');
    inProject(dir, 'npx', ['vitest', 'run', '--reporter=json', `--outputFile=${out}`]);
    expect(vitestResults(out).map((r) => [r.title.split(':')[0], r.status])).toEqual([
      ['passes', 'passed'],
      ['fails', 'failed'],
      ['names the package', 'passed'],
    ]);
  }, 600_000);
});
