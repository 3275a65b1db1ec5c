import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isSnowblindError, SnowblindError } from '@snowblind/core';

/**
 * The same error with the server's folders cut out of its message and hint: core names files by
 * their absolute path (useful at a terminal), but a remote client must not learn where the
 * server keeps its data. A file inside `folder` is shown as `label/rest` (as `rest` when the
 * label is empty), the folder itself as its label (or `.`); its real path is cut the same way.
 * Errors that are not {@link SnowblindError}s pass unchanged (maskError hides those).
 */
export function redactPaths(error: unknown, folders: Readonly<Record<string, string>>): unknown {
  if (!isSnowblindError(error)) return error;
  const pairs: [string, string][] = [];
  for (const [folder, label] of Object.entries(folders)) {
    for (const path of new Set([folder, realPathOr(folder)])) {
      pairs.push([join(path, '/'), label ? `${label}/` : '']);
      pairs.push([path, label || '.']);
    }
  }
  // Longest first: a folder inside another, and `folder/` before `folder`, are cut as themselves.
  pairs.sort((a, b) => b[0].length - a[0].length);
  const cut = (text: string) =>
    pairs.reduce((t, [path, label]) => t.replaceAll(path, label), text).replace(OTHER_PATH, '…/$1');
  return new SnowblindError<string>(
    error.code,
    cut(error.message),
    error.hint ? { hint: cut(error.hint) } : {},
  );
}

/**
 * An absolute path outside the named folders (a worker's registry, a file a model named): only its
 * last part is kept. Matches `/a/b` and longer after a space, quote, bracket or line start, so `1/2` or `N/A` stay as they are.
 */
const OTHER_PATH = /(?<=^|[\s'"`(=:,])(?:\/[\w.@+-]+)+\/([\w.@+-]+)/g;

/**
 * How a failed job is stored and shown to clients: its code and its message with the server's
 * folders cut out; anything that is not a {@link SnowblindError} is `INTERNAL` with `fallback`.
 */
export function jobFailure(
  error: unknown,
  folders: Readonly<Record<string, string>>,
  fallback: string,
): { readonly code: string; readonly message: string } {
  const clean = redactPaths(error, folders);
  return isSnowblindError(clean)
    ? { code: clean.code, message: clean.message }
    : { code: 'INTERNAL', message: fallback };
}

function realPathOr(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
