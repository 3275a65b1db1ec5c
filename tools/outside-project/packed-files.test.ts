import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness.js';

const PACKAGES = ['core', 'vitest-robustness', 'distributed', 'server', 'cli'];
/** Tests, type tests, test helpers (test-*.ts, core's fake classifier) and fixture folders. */
const TEST_ONLY = /\.test(-d)?\.|(^|\/)test-[^/]*$|(^|\/)fake-classifier\.|(^|\/)(test|fixtures?)\//;

/** The files `npm pack` would put in each package's tarball (models/ needs prepack: skipped). */
function packedFiles(): Record<string, string[]> {
  const packed = JSON.parse(
    execFileSync(
      'npm',
      [
        'pack',
        '--dry-run',
        '--json',
        '--ignore-scripts',
        ...PACKAGES.flatMap((p) => ['-w', `@snowblind/${p}`]),
      ],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  ) as { name: string; files: { path: string }[] }[];
  return Object.fromEntries(packed.map((p) => [p.name, p.files.map((f) => f.path)]));
}

describe('packed tarballs', () => {
  const files = packedFiles();

  it.each(PACKAGES)('@snowblind/%s ships its build and sources without tests', (pkg) => {
    const list = files[`@snowblind/${pkg}`] ?? [];
    expect(list).toContain('dist/index.js');
    expect(list).toContain('src/index.ts');
    expect(list.filter((f) => TEST_ONLY.test(f))).toEqual([]);
  });
});
