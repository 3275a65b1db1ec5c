import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_FILES } from './project-files.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['core', 'vitest-robustness', 'server', 'cli'];
const BUILT = PACKAGES.every((p) => existsSync(join(REPO, `packages/${p}/dist/index.js`)));
// About 3 minutes and 750 MB (npm install from the npm cache): CI runs it, or SNOWBLIND_OUTSIDE_TEST=1.
const ENABLED = Boolean(process.env['CI'] || process.env['SNOWBLIND_OUTSIDE_TEST']);
const version = (pkg: string) =>
  (JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;

/** A command in the project, as a user types it; its output. */
function inProject(dir: string, command: string, args: readonly string[]) {
  const run = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!ENABLED || !BUILT)('the packed packages in a project outside the repository', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-outside-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('install with plain npm install, run `snowblind audit`, gate a vitest suite and type-check it', () => {
    const tarballs = join(dir, 'tarballs');
    mkdirSync(tarballs);
    const packed = JSON.parse(
      execFileSync(
        'npm',
        [
          'pack',
          ...PACKAGES.flatMap((p) => ['-w', `@snowblind/${p}`]),
          '--pack-destination',
          tarballs,
          '--json',
        ],
        {
          cwd: REPO,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ),
    ) as { filename: string }[];
    for (const [name, text] of Object.entries(PROJECT_FILES)) writeFileSync(join(dir, name), text);
    const install = inProject(dir, 'npm', [
      'install',
      '--prefer-offline',
      '--loglevel=error',
      ...packed.map((p) => join(tarballs, p.filename)),
      `vitest@${version('vitest')}`,
      `typescript@${version('typescript')}`,
      `@types/node@${version('@types/node')}`,
    ]);
    expect(install.stderr.replace(/npm warn Unknown project config.*\n/g, '')).toBe('');
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
    const results = (
      JSON.parse(readFileSync(out, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
      }
    ).testResults.flatMap((f) => f.assertionResults);
    expect(results.map((r) => [r.title.split(':')[0], r.status])).toEqual([
      ['passes', 'passed'],
      ['fails', 'failed'],
    ]);
    expect(results[1]!.failureMessages.join('\n')).toContain('was fooled by 200 of 200 noise samples');

    // The matcher types come from the tsconfig entry the README documents.
    const tsc = inProject(dir, 'npx', ['tsc', '-p', '.']);
    expect(tsc.stdout + tsc.stderr.replace(/npm warn Unknown project config.*\n/g, '')).toBe('');
    expect(tsc.status).toBe(0);
  }, 900_000);
});

if (!ENABLED)
  console.warn('skipped: the outside-project install runs in CI or with SNOWBLIND_OUTSIDE_TEST=1');
