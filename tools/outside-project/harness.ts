/**
 * What the outside-project tests share: packing workspace packages as `npm pack` makes them, and
 * running a command inside the throwaway project as a user types it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Whether the slow outside-project installs run: in CI, or with SNOWBLIND_OUTSIDE_TEST=1. */
export const ENABLED = Boolean(process.env['CI'] || process.env['SNOWBLIND_OUTSIDE_TEST']);

/** True when every named workspace package (`core`, `cli`, …) has a build. */
export function built(packages: readonly string[]): boolean {
  return packages.every((p) => existsSync(join(REPO, `packages/${p}/dist/index.js`)));
}

/** The repository's installed version of a dev tool, so the project gets the same one. */
export function repoVersion(pkg: string): string {
  return (
    JSON.parse(readFileSync(join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** `npm pack` the named workspace packages into `dir/tarballs`; the tarballs' paths. */
export function packPackages(packages: readonly string[], dir: string): string[] {
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const packed = JSON.parse(
    execFileSync(
      'npm',
      [
        'pack',
        ...packages.flatMap((p) => ['-w', `@snowblind/${p}`]),
        '--pack-destination',
        tarballs,
        '--json',
      ],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  ) as { filename: string }[];
  return packed.map((p) => join(tarballs, p.filename));
}

/** A command in the project, as a user types it; its output. */
export function inProject(dir: string, command: string, args: readonly string[]) {
  const run = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Pack `packages` into `dir`, write the project `files` there and `npm install` the tarballs with
 * vitest and the `extra` dev packages at the repository's versions.
 * @returns the install's status and output
 */
export function installPacked(
  dir: string,
  packages: readonly string[],
  files: Readonly<Record<string, string>>,
  extra: readonly string[] = [],
) {
  const tarballs = packPackages(packages, dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return inProject(dir, 'npm', [
    'install',
    '--prefer-offline',
    '--loglevel=error',
    ...tarballs,
    ...['vitest', ...extra].map((pkg) => `${pkg}@${repoVersion(pkg)}`),
  ]);
}

/** npm's stderr without the warning every call prints for the project's onnxruntime .npmrc key. */
export function npmErrors(stderr: string): string {
  return stderr.replace(/npm warn Unknown project config.*\n/g, '');
}

/** Tests of a vitest `--reporter=json` output file: title and status of each. */
export function vitestResults(file: string): { title: string; status: string; failureMessages: string[] }[] {
  return (
    JSON.parse(readFileSync(file, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    }
  ).testResults.flatMap((f) => f.assertionResults);
}
