import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { isSnowblindError, SnowblindError } from '../errors.js';
import { resolvePreset } from '../image/index.js';
import { isPresetPath } from './manifest.js';
import { RegistryFileSchema, type StoredRegistryEntry } from './registry-schema.js';
import { zodIssues } from './zod-issues.js';

/**
 * Read a registry file. A missing file is an empty registry only when `missingOk`; a file that
 * is not valid JSON or not a registry is a `REGISTRY_ERROR` naming the path — never silently
 * reset, since the next write would lose the user's entries.
 */
export async function readRegistryFile(path: string, missingOk: boolean): Promise<StoredRegistryEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SnowblindError('REGISTRY_ERROR', `cannot read model registry ${path}`, {
      hint: 'check that the file exists and is readable (SNOWBLIND_MODELS / SNOWBLIND_HOME point at it)',
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SnowblindError(
      'REGISTRY_ERROR',
      `model registry ${path} is not valid JSON: ${(error as Error).message}`,
      {
        hint: `repair ${path} by hand or move it away (snowblind never overwrites a registry it cannot read)`,
      },
    );
  }
  const invalid = (problems: string) =>
    new SnowblindError('REGISTRY_ERROR', `model registry ${path} is invalid: ${problems}`, {
      hint: `repair ${path} by hand or move it away (snowblind never overwrites a registry it cannot read)`,
    });
  const parsed = RegistryFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(zodIssues(parsed.error));
  }
  const entries = parsed.data.models;
  for (const [i, e] of entries.entries()) {
    const problem = await presetProblem(e.preset);
    if (problem) throw invalid(`models[${i}].preset: ${problem}`);
  }
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) {
      throw new SnowblindError('REGISTRY_ERROR', `model registry ${path} lists id "${e.id}" twice`, {
        hint: `remove one of the "${e.id}" entries from ${path}`,
      });
    }
    ids.add(e.id);
  }
  return entries;
}

/**
 * Why an entry's preset name or object is not a usable preset, or undefined (a preset JSON
 * path is checked when the model loads, inside the registry's folder).
 */
async function presetProblem(preset: StoredRegistryEntry['preset']): Promise<string | undefined> {
  if (preset === undefined || (typeof preset === 'string' && isPresetPath(preset))) return undefined;
  try {
    await resolvePreset(preset as Parameters<typeof resolvePreset>[0]);
    return undefined;
  } catch (error) {
    if (!isSnowblindError(error, 'BAD_PRESET')) throw error;
    // resolvePreset names the object "preset"; the caller names the field.
    return error.message.replace(/^(invalid )?preset:? /, '');
  }
}

/**
 * Write a registry file atomically: a temporary file in the same folder, flushed, then renamed
 * over the old one, so a crash leaves either the old or the new registry, never half of one.
 */
export async function writeRegistryFile(
  path: string,
  entries: readonly StoredRegistryEntry[],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const text = `${JSON.stringify({ version: 1, models: entries }, null, 2)}\n`;
  try {
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new SnowblindError('REGISTRY_ERROR', `cannot write model registry ${path}`, {
      hint: 'check that the folder is writable (set SNOWBLIND_HOME to move it)',
      cause: error,
    });
  }
}

/** How long a lock may wait for other writers: retries with jittered backoff, ~30 s in all. */
const LOCK_RETRIES = { retries: 120, minTimeout: 20, maxTimeout: 250, factor: 1.3, randomize: true };

/**
 * Read-modify-write a registry file under a lock that holds across processes
 * (`proper-lockfile`: an atomic `mkdir` of `<path>.lock`, refreshed while held and taken over
 * when stale after a crash), so parallel `snowblind models add` runs or `registerModel` calls
 * each see the others' entries. The write itself is atomic ({@link writeRegistryFile}).
 *
 * @param change - the new entries from the current ones; may throw to abort with no write
 * @returns the entries written
 * @throws SnowblindError `REGISTRY_ERROR` when the lock cannot be had, or whatever `change` or
 * the read throws
 */
export async function updateRegistryFile(
  path: string,
  change: (current: StoredRegistryEntry[]) => StoredRegistryEntry[],
): Promise<StoredRegistryEntry[]> {
  await mkdir(dirname(path), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      retries: LOCK_RETRIES,
      // proper-lockfile throws from a timer when it cannot refresh the lock (an event loop
      // blocked past `stale`), which would crash a server; the write is atomic regardless.
      onCompromised: () => undefined,
    });
  } catch (error) {
    throw new SnowblindError('REGISTRY_ERROR', `model registry ${path} is locked by another writer`, {
      hint: `retry; if no snowblind is running, remove ${path}.lock`,
      cause: error,
    });
  }
  try {
    const next = change(await readRegistryFile(path, true));
    await writeRegistryFile(path, next);
    return next;
  } finally {
    await release().catch(() => undefined);
  }
}
