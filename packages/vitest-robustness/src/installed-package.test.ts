import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Robustness from './index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = fileURLToPath(new URL('../', import.meta.url));
const BUILT = ['core', 'vitest-robustness'].every((p) =>
  existsSync(join(REPO, `packages/${p}/dist/index.js`)),
);

/**
 * The two packages as `npm pack` makes them, unpacked into node_modules/@snowblind/ of a folder
 * inside the repository (so their own dependencies resolve from the repository's node_modules):
 * what a project that installs them gets.
 */
function installPacked(): string {
  const root = mkdtempSync(join(HERE, '.snowblind-test-pack-'));
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  const packed = JSON.parse(
    execFileSync(
      'npm',
      [
        'pack',
        '-w',
        '@snowblind/core',
        '-w',
        '@snowblind/vitest-robustness',
        '--pack-destination',
        tarballs,
        '--json',
      ],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  ) as { name: string; filename: string }[];
  for (const { name, filename } of packed) {
    const dir = join(root, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', join(tarballs, filename), '-C', dir, '--strip-components=1']);
  }
  return root;
}

describe.skipIf(!BUILT)('the packed packages, installed', () => {
  if (!BUILT) console.warn('skipped: packages/core or vitest-robustness dist not built (npm run build)');
  const saved = process.env['SNOWBLIND_MODELS'];
  let root: string | undefined;
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    if (saved !== undefined) process.env['SNOWBLIND_MODELS'] = saved;
  });

  it("gate built-in ids from core's own models/, without SNOWBLIND_MODELS", async () => {
    delete process.env['SNOWBLIND_MODELS'];
    root = installPacked();
    const pkg = join(root, 'node_modules/@snowblind');
    const core = await import(pathToFileURL(join(pkg, 'core/dist/index.js')).href);
    const registry = await core.ModelRegistry.open({ home: join(root, 'home') });
    expect(registry.builtinPath).toBe(join(pkg, 'core/models/registry.json'));
    expect(registry.list().map((e: { id: string }) => e.id)).toEqual([
      'fmnist-mlp',
      'fmnist-cnn',
      'fmnist-resnet',
      'fmnist-cnn-oe',
      'squeezenet1.1',
    ]);
    const gate: typeof Robustness = await import(
      pathToFileURL(join(pkg, 'vitest-robustness/dist/index.js')).href
    );
    const options = { samples: 100, noise: ['seed-wrap' as const], seed: 1, artifactsDir: false as const };
    const hardened = await gate.checkNoiseRejection('fmnist-cnn-oe', options);
    expect(hardened).toMatchObject({ pass: true, fooled: 0, modelId: 'fmnist-cnn-oe' });
    const plain = await gate.checkNoiseRejection('fmnist-cnn', options);
    expect(plain.pass).toBe(false);
  }, 180_000);
});
