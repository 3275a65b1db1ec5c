import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  isSnowblindError,
  ModelRegistry,
  type Preset,
  type PresetSpec,
  type RegistryEntry,
  readLabels,
  resolveInside,
  resolvePreset,
} from '@snowblind/core';
import { coded } from '../errors.js';
import { redactPaths } from './redact-paths.js';

const CARD_NAMES = ['MODEL_CARD.md', 'model-card.md', 'card.md', 'README.md'];

/**
 * The registry as the server sees it: built-in models (`registry.json` of the models root) plus
 * the user models of `<data-dir>/registry.json`, the file `registerModel` writes (and the one the
 * server's jobs resolve ids in). It is re-read whenever that file changes, so a model added by
 * another server process on the same data dir, or by `SNOWBLIND_HOME=<data-dir> snowblind models
 * add`, is listed without a restart. The CLI's own `$SNOWBLIND_HOME/registry.json` is not shown:
 * `snowblind serve` keeps its data in `$SNOWBLIND_HOME/server` by default.
 */
export class ModelService {
  constructor(
    readonly home: string,
    readonly builtinPath: string | null | undefined,
    readonly modelsRoot: string | null,
  ) {}

  private opened: Promise<ModelRegistry> | undefined;
  /** The user registry file's identity when {@link opened} was read (see {@link fileStamp}). */
  private openedStamp: string | undefined;

  /** The server's folders as errors shown to clients name them (see {@link redactPaths}). */
  folders(): Record<string, string> {
    return {
      ...(this.builtinPath ? { [dirname(this.builtinPath)]: '<models>' } : {}),
      ...(this.modelsRoot ? { [this.modelsRoot]: '' } : {}),
      [this.home]: '<data>',
    };
  }

  /** Rethrows `error` with the server's folders cut out of its message. */
  private readonly redact = (error: unknown): never => {
    throw redactPaths(error, this.folders());
  };

  /**
   * The registry, read again when the user registry file has changed since the last read (core
   * replaces it by rename on every write, so its inode, mtime or size differ).
   */
  async registry(): Promise<ModelRegistry> {
    const stamp = await fileStamp(join(this.home, 'registry.json'));
    if (stamp !== this.openedStamp) this.opened = undefined;
    if (!this.opened) {
      this.openedStamp = stamp;
      const opened = ModelRegistry.open({ home: this.home, builtinPath: this.builtinPath }).catch(
        this.redact,
      );
      this.opened = opened;
      opened.catch(() => {
        if (this.opened === opened) this.opened = undefined;
      });
    }
    return this.opened;
  }

  async list(): Promise<RegistryEntry[]> {
    return (await this.registry()).list();
  }

  /** @throws MODEL_NOT_FOUND */
  async entry(id: string): Promise<RegistryEntry> {
    const registry = await this.registry();
    const entry = registry.get(id);
    if (!entry) {
      const known = registry.list().map((e) => e.id);
      throw coded(
        'MODEL_NOT_FOUND',
        `no model with id "${id}"`,
        known.length ? `known models: ${known.join(', ')}` : 'register one with registerModel',
      );
    }
    return entry;
  }

  async labels(entry: RegistryEntry): Promise<readonly string[]> {
    if (Array.isArray(entry.labels)) return entry.labels;
    if (typeof entry.labels === 'string') return readLabels(entry.labels).catch(this.redact);
    return [];
  }

  preset(entry: RegistryEntry): Promise<Preset> {
    return resolvePreset((entry.preset ?? 'torchvision') as string | PresetSpec).catch(this.redact);
  }

  /**
   * The model card: the entry's `card` (a Markdown file in its registry file's folder), else a
   * MODEL_CARD.md / README.md beside the model file. Null when there is none; a card that
   * leaves its folder (`..`, a symlink out) is never read.
   */
  async card(entry: RegistryEntry): Promise<string | null> {
    const registryFile =
      entry.source === 'builtin' ? (await this.registry()).builtinPath : join(this.home, 'registry.json');
    const declared = (entry as unknown as { card?: unknown }).card;
    const candidates: [folder: string, name: string][] = [];
    if (typeof declared === 'string' && registryFile) candidates.push([dirname(registryFile), declared]);
    for (const name of CARD_NAMES) candidates.push([dirname(entry.path), name]);
    for (const [folder, name] of candidates) {
      const file = insideOrUndefined(folder, name);
      if (file && existsSync(file)) return readFile(file, 'utf8').catch(this.redact);
    }
    return null;
  }

  /**
   * Resolve a path given by a client against the models root, refusing anything that leaves it
   * (`..`, absolute paths elsewhere, symlinks pointing out).
   * @throws PATH_OUTSIDE_ROOT, FILE_NOT_FOUND, BAD_INPUT when the server has no models root
   */
  async insideModelsRoot(path: string): Promise<string> {
    if (!this.modelsRoot) {
      throw coded(
        'BAD_INPUT',
        'this server has no models root, so models cannot be registered by path',
        'upload the model file instead',
      );
    }
    const real = resolveInside(this.modelsRoot, path, 'path (relative to the models root)');
    if (!existsSync(real)) throw coded('FILE_NOT_FOUND', `"${path}" does not exist in the models root`);
    return real;
  }
}

/** A string that changes whenever `file` is replaced or written; empty when it does not exist. */
async function fileStamp(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.ino}:${info.mtimeMs}:${info.size}` : '';
}

/** `resolveInside`, with a path that leaves its folder read as no file at all. */
function insideOrUndefined(folder: string, name: string): string | undefined {
  try {
    return resolveInside(folder, name, 'model card');
  } catch (error) {
    if (isSnowblindError(error, 'PATH_OUTSIDE_ROOT')) return undefined;
    throw error;
  }
}
