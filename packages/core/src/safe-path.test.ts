import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnowblindError } from './errors.js';
import { resolveInside } from './safe-path.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'snowblind-safe-path-')));
const folder = join(root, 'model');
const outside = join(root, 'outside');
mkdirSync(join(folder, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(folder, 'weights.bin'), 'w');
writeFileSync(join(outside, 'secret.txt'), 'secret bytes');
symlinkSync(join(outside, 'secret.txt'), join(folder, 'link-out.bin'));
symlinkSync(outside, join(folder, 'dir-out'));
symlinkSync(join(folder, 'weights.bin'), join(folder, 'sub', 'link-in.bin'));
symlinkSync(join(outside, 'gone.txt'), join(folder, 'dangling.bin'));

function refusal(path: string): SnowblindError {
  try {
    resolveInside(folder, path, 'weight file');
  } catch (error) {
    if (error instanceof SnowblindError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe('resolveInside', () => {
  it('returns the real path of files inside the folder, existing or not, symlinks inside included', () => {
    expect(resolveInside(folder, 'weights.bin', 'w')).toBe(join(folder, 'weights.bin'));
    expect(resolveInside(folder, 'sub/../weights.bin', 'w')).toBe(join(folder, 'weights.bin'));
    expect(resolveInside(folder, join(folder, 'weights.bin'), 'w')).toBe(join(folder, 'weights.bin'));
    expect(resolveInside(folder, 'sub/link-in.bin', 'w')).toBe(join(folder, 'weights.bin'));
    expect(resolveInside(folder, 'new/deeper/file.bin', 'w')).toBe(join(folder, 'new', 'deeper', 'file.bin'));
  });

  it.each([
    ['a parent path', '../outside/secret.txt'],
    ['a deep parent path', 'sub/../../../../etc/passwd'],
    ['an absolute path elsewhere', join(outside, 'secret.txt')],
    ['a symlink to a file outside', 'link-out.bin'],
    ['a path through a symlinked folder outside', 'dir-out/secret.txt'],
    ['a path under a symlinked folder outside that does not exist', 'dir-out/new.bin'],
    ['a dangling symlink', 'dangling.bin'],
  ])('refuses %s with PATH_OUTSIDE_ROOT, echoing only the path as written', (_name, path) => {
    const error = refusal(path);
    expect(error.code).toBe('PATH_OUTSIDE_ROOT');
    // A relative path is echoed as written; an absolute one by its file name only.
    expect(error.message).toContain(
      path.startsWith('/') ? '(an absolute path to "secret.txt")' : JSON.stringify(path),
    );
    expect(error.message).toContain('weight file');
    expect(error.message).not.toContain(root);
    expect(error.hint).toMatch(/stay in its folder/);
  });

  it('refuses a NUL byte as BAD_INPUT', () => {
    expect(refusal('weights.bin\0.txt').code).toBe('BAD_INPUT');
  });
});
