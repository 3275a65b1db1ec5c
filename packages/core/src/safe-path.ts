import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SnowblindError } from './errors.js';

/** True when `path` is `folder` or lies below it (both absolute, already resolved). */
function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path` with symlinks followed; for a path that does not exist (yet), the
 * real path of its deepest existing ancestor joined with the rest. `undefined` for a dangling
 * symlink or a symlink loop, whose destination cannot be checked.
 */
function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return code === 'ELOOP' ? undefined : path;
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return undefined;
    const parent = dirname(path);
    if (parent === path) return path;
    const real = realPathOf(parent);
    return real === undefined ? undefined : join(real, basename(path));
  }
}

/**
 * How a path is shown in an error: a relative one as its author wrote it (quoted, shortened),
 * an absolute one by its file name only, so no server path reaches a remote client.
 */
function shown(path: string): string {
  if (isAbsolute(path)) return `(an absolute path to ${JSON.stringify(basename(path))})`;
  return JSON.stringify(path.length > 120 ? `${path.slice(0, 117)}...` : path);
}

/**
 * Resolve a path read from a model, manifest, registry or upload (relative to `folder`, or
 * absolute) and make sure it stays inside `folder` after following symlinks — the one check
 * every such read goes through, so a `model.json` naming `../../etc/passwd` as a weight file
 * cannot turn an audit into a file reader.
 *
 * The lexical check comes first (no file-system access for `..` or absolute paths elsewhere,
 * so nothing is learnt about files outside); then the real path of the target (or of its
 * deepest existing ancestor) must lie inside the real path of `folder`. Dangling symlinks are
 * refused too.
 *
 * @param folder - the folder the path must stay in (need not be a real path)
 * @param path - the path as written by the untrusted file
 * @param what - what the path is, for the message (e.g. `weight file`)
 * @returns the real path to read
 * @throws SnowblindError `PATH_OUTSIDE_ROOT` naming `what` and `path` as written, never the
 * resolved path or anything about the file outside; `BAD_INPUT` for a path with a NUL byte.
 */
export function resolveInside(folder: string, path: string, what: string): string {
  if (path.includes('\0')) {
    throw new SnowblindError('BAD_INPUT', `${what} ${shown(path)} contains a NUL byte`, {
      hint: 'file names cannot contain NUL bytes',
    });
  }
  const base = resolve(folder);
  const target = resolve(base, path);
  const refuse = () =>
    new SnowblindError('PATH_OUTSIDE_ROOT', `${what} ${shown(path)} points outside its folder`, {
      hint: 'files a model, manifest or registry names must stay in its folder: no "..", no absolute path elsewhere, no symlink leading out',
    });
  if (!within(base, target)) throw refuse();
  const realBase = realPathOf(base) ?? base;
  const real = realPathOf(target);
  if (real === undefined || !within(realBase, real)) throw refuse();
  return real;
}
