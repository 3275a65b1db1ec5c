import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SnowblindError } from '../errors.js';
import { RegistryFileSchema, type StoredRegistryEntry } from './registry-schema.js';

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
  const parsed = RegistryFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SnowblindError(
      'REGISTRY_ERROR',
      `model registry ${path} is invalid: ${z.prettifyError(parsed.error)}`,
      {
        hint: `repair ${path} by hand or move it away (snowblind never overwrites a registry it cannot read)`,
      },
    );
  }
  const ids = new Set<string>();
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.models;
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
