import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  ModelRegistry,
  type Preset,
  type PresetSpec,
  type RegistryEntry,
  readLabels,
  resolvePreset,
} from '@snowblind/core';
import { coded } from '../errors.js';

const CARD_NAMES = ['MODEL_CARD.md', 'model-card.md', 'card.md', 'README.md'];

/**
 * The registry as the server sees it: built-in models (`registry.json` of the models root) plus
 * user models registered through the API (`registry.json` in the data dir).
 */
export class ModelService {
  constructor(
    readonly home: string,
    readonly builtinPath: string | null | undefined,
    readonly modelsRoot: string | null,
  ) {}

  private opened: Promise<ModelRegistry> | undefined;

  /**
   * The registry, read once: this server is the only writer of its user registry, and
   * `registerModel` updates the same instance.
   */
  registry(): Promise<ModelRegistry> {
    this.opened ??= ModelRegistry.open({ home: this.home, builtinPath: this.builtinPath });
    this.opened.catch(() => {
      this.opened = undefined;
    });
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
    if (typeof entry.labels === 'string') return readLabels(entry.labels);
    return [];
  }

  preset(entry: RegistryEntry): Promise<Preset> {
    return resolvePreset((entry.preset ?? 'torchvision') as string | PresetSpec);
  }

  /**
   * The model card: the entry's `card` (a Markdown file beside its registry file), else a
   * MODEL_CARD.md / README.md beside the model file. Null when there is none.
   */
  async card(entry: RegistryEntry): Promise<string | null> {
    const registryFile =
      entry.source === 'builtin' ? (await this.registry()).builtinPath : join(this.home, 'registry.json');
    const declared = (entry as unknown as { card?: unknown }).card;
    const candidates: string[] = [];
    if (typeof declared === 'string' && registryFile) {
      const base = dirname(registryFile);
      const file = resolve(base, declared);
      if (!relative(base, file).startsWith('..')) candidates.push(file);
    }
    for (const name of CARD_NAMES) candidates.push(join(dirname(entry.path), name));
    for (const file of candidates) if (existsSync(file)) return readFile(file, 'utf8');
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
    if (path.includes('\0')) throw coded('BAD_INPUT', 'the path contains a NUL byte');
    const root = await realpath(this.modelsRoot);
    const target = resolve(root, path);
    const outside = (p: string) => {
      const rel = relative(root, p);
      return rel.startsWith('..') || isAbsolute(rel);
    };
    if (outside(target))
      throw coded(
        'PATH_OUTSIDE_ROOT',
        `"${path}" is outside the models root`,
        'give a path relative to the models root',
      );
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      throw coded('FILE_NOT_FOUND', `"${path}" does not exist in the models root`);
    }
    if (outside(real))
      throw coded(
        'PATH_OUTSIDE_ROOT',
        `"${path}" resolves outside the models root`,
        'symlinks must stay inside the models root',
      );
    return real;
  }
}
