import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { built, ENABLED, inProject, installPacked, npmErrors, vitestResults } from './harness.js';
import { PROJECT_FILES } from './project-files.js';

const PACKAGES = ['core', 'vitest-robustness', 'distributed', 'server', 'cli'];
const BUILT = built(PACKAGES);
// About 3 minutes and 750 MB (npm install from the npm cache): CI runs it, or SNOWBLIND_OUTSIDE_TEST=1.

describe.skipIf(!ENABLED || !BUILT)('the packed packages in a project outside the repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-outside-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('install with plain npm install, run `snowblind audit`, gate a vitest suite and type-check it', () => {
    const install = installPacked(dir, PACKAGES, PROJECT_FILES, ['typescript', '@types/node']);
    expect(npmErrors(install.stderr)).toBe('');
    expect(install.status).toBe(0);

    // The installed CLI's default audit, with the built-in models from the installed core.
    const audit = inProject(dir, 'npx', ['snowblind', 'audit', '-n', '20', '--json', '-q']);
    expect(audit.status).toBe(0);
    const report = JSON.parse(audit.stdout) as {
      runs: { model: { id: string }; noise: { width: number } }[];
    };
    expect(report.runs.map((r) => `${r.model.id}@${r.noise.width}`)).toEqual([
      'squeezenet1.1@256',
      'fmnist-mlp@28',
      'fmnist-cnn@28',
      'fmnist-resnet@28',
      'fmnist-cnn-oe@28',
    ]);

    // The vitest suite: the hardened model passes, the always-confident function fails.
    const out = join(dir, 'results.json');
    inProject(dir, 'npx', ['vitest', 'run', '--reporter=json', `--outputFile=${out}`]);
    const results = vitestResults(out);
    expect(results.map((r) => [r.title.split(':')[0], r.status])).toEqual([
      ['passes', 'passed'],
      ['fails', 'failed'],
    ]);
    expect(results[1]!.failureMessages.join('\n')).toContain('was fooled by 200 of 200 noise samples');

    // The matcher types come from the tsconfig entry the README documents.
    const tsc = inProject(dir, 'npx', ['tsc', '-p', '.']);
    expect(tsc.stdout + npmErrors(tsc.stderr)).toBe('');
    expect(tsc.status).toBe(0);
  }, 900_000);
});

if (!ENABLED)
  console.warn('skipped: the outside-project install runs in CI or with SNOWBLIND_OUTSIDE_TEST=1');
