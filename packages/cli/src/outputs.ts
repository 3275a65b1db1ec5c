import { constants, type Stats } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SnowblindError } from '@snowblind/core';
import writeFileAtomic from 'write-file-atomic';
import { badFlag } from './errors.js';
import type { CliIo } from './io.js';

/** A file or folder a command writes once its work is done, named by a flag. */
export interface OutputTarget {
  /** The flag that named it, for messages (`--out`). */
  readonly flag: string;
  readonly path: string;
  /** `file` (default): its folder must exist. `dir`: a folder, created with its parents if missing. */
  readonly kind?: 'file' | 'dir';
  /** A file name to suggest when a `file` target names an existing folder. */
  readonly example?: string;
}

/**
 * Check, before any work starts, that every output can be written: a file's folder exists and is
 * writable and the file is not a folder; a folder is (or can be created as) a writable folder;
 * no two outputs are the same path, and no output file is one of the command's `inputs` (model,
 * image, preset, labels: `explain --image x.png -o x.png` would destroy the photo). So a long run
 * never ends in a lost result, or a lost input, over a typo. `undefined` entries are skipped.
 * @param inputs - Files the command reads (ids and missing paths are ignored).
 * @throws SnowblindError `BAD_INPUT` naming the flag, with a hint.
 */
export async function checkOutputs(
  targets: readonly (OutputTarget | undefined)[],
  inputs: readonly (string | undefined)[] = [],
): Promise<void> {
  const seen = new Map<string, string>();
  for (const target of targets) {
    if (target === undefined) continue;
    if (target.path.trim() === '') throw badFlag(target.flag, 'the path is empty', 'pass a file name');
    const absolute = resolve(target.path);
    const other = seen.get(absolute);
    if (other !== undefined) {
      throw badFlag(target.flag, `writes the same file as ${other}`, 'give each output its own path');
    }
    seen.set(absolute, target.flag);
    await (target.kind === 'dir' ? checkDir(target, absolute) : checkFile(target, absolute));
    if (target.kind !== 'dir') await notAnInput(target, inputs);
  }
}

async function notAnInput(target: OutputTarget, inputs: readonly (string | undefined)[]): Promise<void> {
  const output = await statOf(target.path);
  if (output === undefined || !output.isFile()) return;
  for (const input of inputs) {
    const read = input === undefined ? undefined : await statOf(input);
    if (read !== undefined && read.dev === output.dev && read.ino === output.ino) {
      throw badFlag(
        target.flag,
        `${target.path} is an input of this command (${input})`,
        'write the result somewhere else',
      );
    }
  }
}

async function checkFile(target: OutputTarget, absolute: string): Promise<void> {
  const existing = await statOf(absolute);
  if (existing?.isDirectory()) {
    const example = join(target.path, target.example ?? 'out');
    throw badFlag(target.flag, `${target.path} is a folder`, `name a file, e.g. ${target.flag} ${example}`);
  }
  const folder = dirname(absolute);
  const parent = await statOf(folder);
  if (parent === undefined) {
    throw badFlag(
      target.flag,
      `folder ${folder} does not exist`,
      `create it first (mkdir -p ${folder}) or write somewhere else`,
    );
  }
  if (!parent.isDirectory()) {
    throw badFlag(target.flag, `${folder} is not a folder`, 'pick a path inside an existing folder');
  }
  await writable(target, existing ? absolute : folder);
}

async function checkDir(target: OutputTarget, absolute: string): Promise<void> {
  // The nearest existing ancestor decides: mkdir -p creates the rest.
  let path = absolute;
  let existing = await statOf(path);
  while (existing === undefined && dirname(path) !== path) {
    path = dirname(path);
    existing = await statOf(path);
  }
  if (existing === undefined || !existing.isDirectory()) {
    throw badFlag(
      target.flag,
      `${path} is ${existing ? 'a file, not a folder' : 'missing'}`,
      'pass a folder (it is created if missing)',
    );
  }
  await writable(target, path);
}

async function writable(target: OutputTarget, path: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
  } catch (cause) {
    throw new SnowblindError('BAD_INPUT', `${target.flag}: cannot write to ${path} (${reason(cause)})`, {
      hint: 'pick a path you can write to',
      cause,
    });
  }
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/** A file to write: its flag (for messages), path and contents. */
export interface OutputFile {
  readonly flag: string;
  readonly path: string;
  readonly data: string | Uint8Array;
}

/**
 * Write `files` (creating `folder` first when given; each file replaced atomically), then print
 * `stdout` whether or not they were written, so a failure after the work (disk full, folder removed meanwhile) loses no result that
 * can be printed. A failed write does not stop the others.
 * @param lost - What to tell the user when a write failed (goes into the error's hint).
 * @throws SnowblindError `WRITE_FAILED` after printing, naming every file that was not written.
 */
export async function writeThenPrint(
  io: CliIo,
  files: readonly OutputFile[],
  stdout: (failed: boolean) => string,
  options: { lost: string; folder?: string },
): Promise<void> {
  const failures: string[] = [];
  let folderFailed = false;
  if (options.folder !== undefined) {
    try {
      await mkdir(options.folder, { recursive: true });
    } catch (cause) {
      failures.push(`${options.folder} (${reason(cause)})`);
      folderFailed = true;
    }
  }
  for (const file of folderFailed ? [] : files) {
    try {
      await writeOutput(file.path, file.data);
    } catch (cause) {
      failures.push(`${file.flag} ${file.path} (${reason(cause)})`);
    }
  }
  const failed = failures.length > 0;
  io.stdout.write(stdout(failed));
  if (failed) {
    throw new SnowblindError('WRITE_FAILED', `could not write ${failures.join(', ')}`, {
      hint: `${options.lost} Free some space or pick another path, and rerun.`,
    });
  }
}

/**
 * Replace a file atomically (a temporary file beside it, then a rename), so a failed write leaves
 * the old file whole instead of truncated; devices and pipes (`/dev/stdout`, a FIFO) are written
 * in place, as they cannot be renamed over.
 */
async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  const existing = await statOf(path);
  if (existing !== undefined && !existing.isFile()) return writeFile(path, data);
  const bytes = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return writeFileAtomic(path, bytes);
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
};

function reason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException)?.code ?? '';
  return REASONS[code] ?? (code || 'write error');
}
