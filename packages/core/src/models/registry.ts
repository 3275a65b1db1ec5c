import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { EngineChoice } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import { type PresetSpec, readLabels, resolvePreset } from '../image/index.js';
import { resolveInside } from '../safe-path.js';
import { findBuiltinRegistry } from './builtin-registry-path.js';
import { inputGeometry } from './input-geometry.js';
import { inspectModel } from './inspect-model.js';
import { isPresetPath } from './manifest.js';
import { locateModelFile } from './model-file.js';
import { checkLabelCount } from './model-labels.js';
import { readRegistryFile, updateRegistryFile } from './registry-file.js';
import { MODEL_ID_PATTERN, type StoredRegistryEntry } from './registry-schema.js';
import { sha256File } from './sha256.js';
import type { ModelFormat, OutputKind } from './types.js';

/** A registry entry with absolute paths and where it came from. */
export interface RegistryEntry {
  readonly id: string;
  readonly format: ModelFormat;
  /** Absolute path of the `.onnx` file or `model.json`. */
  readonly path: string;
  /** Absolute path of a labels file, or the class names. */
  readonly labels?: string | readonly string[];
  /** Preset name, absolute path of a preset JSON, or a preset object. */
  readonly preset?: string | Readonly<Record<string, unknown>>;
  readonly inputShape?: readonly (number | null)[];
  readonly license?: string;
  /**
   * sha256 of the file at `path`, or of several files (names relative to the folder of `path`,
   * e.g. a TF.js model.json and its weight shards), checked before the model is loaded.
   */
  readonly sha256: string | Readonly<Record<string, string>>;
  readonly description?: string;
  readonly default?: boolean;
  readonly outputKind?: OutputKind;
  /** Engine for a TF.js model (see `LoadOptions.engine`), e.g. `tfjs` for one known not to convert. */
  readonly engine?: EngineChoice;
  readonly source: 'builtin' | 'user';
}

/** Options of {@link ModelRegistry.open}. */
export interface OpenRegistryOptions {
  /**
   * Folder of the user registry (`registry.json` inside).
   * @defaultValue `$SNOWBLIND_HOME`, else `~/.snowblind`
   */
  home?: string;
  /**
   * The built-in `registry.json`; `null` for none.
   * @defaultValue `$SNOWBLIND_MODELS`, else `models/registry.json` found walking up from the package
   */
  builtinPath?: string | null;
}

/** What {@link ModelRegistry.add} takes. */
export interface AddModelOptions {
  /** An `.onnx` file, a `model.json`, or a folder holding one. */
  path: string;
  id: string;
  preset?: string | Readonly<Record<string, unknown>>;
  /** Labels file path or class names. */
  labels?: string | readonly string[];
  description?: string;
  license?: string;
  outputKind?: OutputKind;
  /** Replace a user entry with the same id (never a built-in one). */
  force?: boolean;
}

/**
 * The models snowblind knows by id: the built-in registry shipped in the repository merged with
 * the user's `$SNOWBLIND_HOME/registry.json`. A built-in id always names the built-in model: a
 * user entry with the same id (only a hand-edited file can have one) is ignored.
 */
export interface ModelRegistry {
  /** Path of the user registry file (may not exist yet). */
  readonly userPath: string;
  /** Path of the built-in registry file, if any. */
  readonly builtinPath: string | undefined;
  /** All entries, built-in first, then user entries (none with a built-in id). */
  list(): RegistryEntry[];
  get(id: string): RegistryEntry | undefined;
  /** The entry marked `default: true`, else the first built-in, else the first user entry. */
  defaultId(): string | undefined;
  /**
   * Register a model file: checks that it exists and loads, records its format, input shape and
   * sha256 with absolute paths, and writes the user registry atomically under a lock shared with
   * other processes (read-modify-write, so parallel adds all keep their entries).
   * @throws SnowblindError `FILE_NOT_FOUND`, `BAD_MODEL`, `BAD_LABELS` (not one label per
   * output), `PATH_OUTSIDE_ROOT` (a file the model names leaves its folder), `REGISTRY_ERROR`
   * (duplicate id without `force`, a built-in id even with `force`, bad id, lock not had)
   */
  add(options: AddModelOptions): Promise<RegistryEntry>;
  /** @throws SnowblindError `REGISTRY_ERROR` for a built-in entry, `MODEL_NOT_FOUND` for an unknown id. */
  remove(id: string): Promise<void>;
  /**
   * Check the sha256 of an entry's file (cached per file size and mtime).
   * @throws SnowblindError `FILE_NOT_FOUND` or `HASH_MISMATCH`
   */
  verify(entry: RegistryEntry): Promise<void>;
}

/**
 * An entry with its paths absolute. A relative path must stay inside the registry file's folder
 * (symlinks followed); absolute paths are what `add` writes for the user's own files.
 * @throws SnowblindError `PATH_OUTSIDE_ROOT` naming the entry and field
 */
function absolutize(e: StoredRegistryEntry, file: string, source: 'builtin' | 'user'): RegistryEntry {
  const place = (value: string, field: string) =>
    isAbsolute(value)
      ? value
      : resolveInside(dirname(file), value, `${field} of model "${e.id}" in ${basename(file)}`);
  const preset =
    typeof e.preset === 'string' && isPresetPath(e.preset) ? place(e.preset, 'preset') : e.preset;
  return {
    ...e,
    path: place(e.path, 'path'),
    ...(typeof e.labels === 'string' ? { labels: place(e.labels, 'labels') } : {}),
    ...(preset === undefined ? {} : { preset }),
    source,
  };
}

const verified = new Map<string, string>();

class FileModelRegistry implements ModelRegistry {
  constructor(
    readonly userPath: string,
    readonly builtinPath: string | undefined,
    private builtin: RegistryEntry[],
    private user: RegistryEntry[],
  ) {}

  list(): RegistryEntry[] {
    const builtinIds = new Set(this.builtin.map((e) => e.id));
    return [...this.builtin, ...this.user.filter((e) => !builtinIds.has(e.id))];
  }

  get(id: string): RegistryEntry | undefined {
    return this.builtin.find((e) => e.id === id) ?? this.user.find((e) => e.id === id);
  }

  /** @throws SnowblindError `REGISTRY_ERROR` when `id` is built in, or a user id and not `force` */
  private refuseTaken(id: string, force: boolean, user: readonly { id: string }[]): void {
    if (this.builtin.some((e) => e.id === id)) {
      throw new SnowblindError('REGISTRY_ERROR', `"${id}" is a built-in model; it cannot be replaced`, {
        hint: `register yours under another id (e.g. ${id}-mine); --force only replaces user models`,
      });
    }
    if (!force && user.some((e) => e.id === id)) {
      throw new SnowblindError('REGISTRY_ERROR', `a user model with id "${id}" already exists`, {
        hint: 'choose another id, or pass --force to replace it',
      });
    }
  }

  /** Read-modify-write the user registry under its lock, then adopt what was written. */
  private async update(change: (current: StoredRegistryEntry[]) => StoredRegistryEntry[]): Promise<void> {
    const next = await updateRegistryFile(this.userPath, change);
    this.user = next.map((e) => absolutize(e, this.userPath, 'user'));
  }

  defaultId(): string | undefined {
    const all = this.list();
    return (all.find((e) => e.default) ?? this.builtin[0] ?? this.user[0])?.id;
  }

  async add(options: AddModelOptions): Promise<RegistryEntry> {
    if (!MODEL_ID_PATTERN.test(options.id)) {
      throw new SnowblindError('REGISTRY_ERROR', `"${options.id}" is not a valid model id`, {
        hint: 'use letters, digits, ".", "_" and "-", starting with a letter or digit',
      });
    }
    const force = options.force === true;
    this.refuseTaken(options.id, force, this.user);
    const path = resolve(options.path);
    const file = await locateModelFile(path);
    if (!file) {
      throw new SnowblindError('FILE_NOT_FOUND', `no model at ${path}`, {
        hint: 'pass an .onnx file, a TF.js model.json, or a folder containing one',
      });
    }
    let labels = options.labels;
    if (typeof labels === 'string') {
      labels = resolve(labels);
      if (!(await stat(labels).catch(() => undefined))?.isFile()) {
        throw new SnowblindError('FILE_NOT_FOUND', `labels file ${labels} does not exist`, {
          hint: 'pass a text file with one class name per line, in output order',
        });
      }
    }
    const preset =
      typeof options.preset === 'string' && isPresetPath(options.preset)
        ? resolve(options.preset)
        : options.preset;
    const meta = await inspectModel(file);
    if (labels !== undefined && meta.numClasses !== null) {
      const names = typeof labels === 'string' ? await readLabels(labels) : labels;
      checkLabelCount(names.length, meta.numClasses, options.id);
    }
    if (preset !== undefined) {
      // Catch a preset that cannot feed this model now, not at the first audit.
      inputGeometry(meta.inputShape, await resolvePreset(preset as PresetSpec), options.id);
    }
    const sha256 = await sha256File(file.file);
    const stored: StoredRegistryEntry = {
      id: options.id,
      format: meta.format,
      path: file.file,
      ...(labels === undefined ? {} : { labels: typeof labels === 'string' ? labels : [...labels] }),
      ...(preset === undefined ? {} : { preset }),
      inputShape: meta.inputShape,
      ...(options.license === undefined ? {} : { license: options.license }),
      sha256,
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.outputKind === undefined ? {} : { outputKind: options.outputKind }),
    } as StoredRegistryEntry;
    // Checked again on the fresh file: another process may have taken the id meanwhile.
    await this.update((current) => {
      this.refuseTaken(options.id, force, current);
      return [...current.filter((e) => e.id !== options.id), stored];
    });
    return this.get(options.id)!;
  }

  async remove(id: string): Promise<void> {
    if (this.builtin.some((e) => e.id === id)) {
      throw new SnowblindError('REGISTRY_ERROR', `"${id}" is a built-in model and cannot be removed`, {
        hint: `built-in models live in ${this.builtinPath}; add a user model with another id instead`,
      });
    }
    await this.update((current) => {
      if (!current.some((e) => e.id === id)) {
        throw new SnowblindError('MODEL_NOT_FOUND', `no user model with id "${id}"`, {
          hint: knownIdsHint(this),
        });
      }
      return current.filter((e) => e.id !== id);
    });
  }

  async verify(entry: RegistryEntry): Promise<void> {
    const expected =
      typeof entry.sha256 === 'string'
        ? [[entry.path, entry.sha256] as const]
        : Object.entries(entry.sha256).map(
            ([name, hash]) =>
              [
                resolveInside(dirname(entry.path), name, `file hashed for model "${entry.id}"`),
                hash,
              ] as const,
          );
    for (const [file, hash] of expected) await verifyFile(entry, file, hash);
  }
}

async function verifyFile(entry: RegistryEntry, file: string, expected: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info) {
    throw new SnowblindError('FILE_NOT_FOUND', `model "${entry.id}" needs ${file}, which does not exist`, {
      hint:
        entry.source === 'builtin'
          ? 'restore the repository models/ folder (git checkout models/)'
          : `re-add it with \`snowblind models add --force ${entry.id} <path>\` or remove it`,
    });
  }
  const key = `${file}:${info.size}:${info.mtimeMs}`;
  const actual = verified.get(key) ?? (await sha256File(file));
  verified.set(key, actual);
  if (actual.toLowerCase() !== expected.toLowerCase()) {
    throw new SnowblindError(
      'HASH_MISMATCH',
      `model "${entry.id}": ${file} has sha256 ${actual.slice(0, 16)}…, the registry expects ${expected.slice(0, 16)}…`,
      {
        hint:
          entry.source === 'builtin'
            ? 'the file was modified or is a Git LFS pointer; restore it (git checkout models/, git lfs pull)'
            : `if you replaced the model on purpose, re-add it with \`snowblind models add --force ${entry.id} ${entry.path}\``,
      },
    );
  }
}

/** The "known ids" hint used by MODEL_NOT_FOUND errors. */
export function knownIdsHint(registry: Pick<ModelRegistry, 'list'>): string {
  const ids = registry.list().map((e) => e.id);
  return ids.length === 0
    ? 'no models are registered; pass a path to an .onnx file or model.json, or add one with `snowblind models add`'
    : `known model ids: ${ids.join(', ')}; or pass a path to an .onnx file or model.json`;
}

async function open(options: OpenRegistryOptions = {}): Promise<ModelRegistry> {
  const home = resolve(options.home ?? process.env['SNOWBLIND_HOME'] ?? join(homedir(), '.snowblind'));
  const userPath = join(home, 'registry.json');
  const builtinPath =
    options.builtinPath === null ? undefined : (options.builtinPath ?? findBuiltinRegistry());
  const builtin = builtinPath
    ? (await readRegistryFile(builtinPath, false)).map((e) => absolutize(e, builtinPath, 'builtin'))
    : [];
  const user = (await readRegistryFile(userPath, true)).map((e) => absolutize(e, userPath, 'user'));
  return new FileModelRegistry(userPath, builtinPath, builtin, user);
}

/** Factory of {@link ModelRegistry} instances. */
export const ModelRegistry = {
  /**
   * Open the merged registry.
   * @throws SnowblindError `REGISTRY_ERROR` naming the file when a registry is unreadable or invalid.
   */
  open,
};
