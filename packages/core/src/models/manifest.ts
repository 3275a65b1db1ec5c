import { lstat, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { SnowblindError } from '../errors.js';
import { resolveInside } from '../safe-path.js';
import type { ModelFile } from './model-file.js';
import { zodIssues } from './zod-issues.js';

const ManifestSchema = z.object({
  labels: z.union([z.string().min(1), z.array(z.string())]).optional(),
  preset: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  outputKind: z.enum(['logits', 'probabilities', 'auto']).optional(),
  id: z.string().min(1).optional(),
});

/**
 * A sidecar manifest: `<model>.snowblind.json` beside an `.onnx` file, or `snowblind.json` in a
 * TF.js model folder, so a user names the labels and preset once. Paths are relative to the
 * manifest and must stay in its folder; {@link readModelManifest} returns them absolute.
 */
export interface ModelManifest {
  /** Absolute path of a labels file, or the class names themselves. */
  readonly labels?: string | readonly string[];
  /** Preset name, absolute path of a preset JSON, or a preset object. */
  readonly preset?: string | Readonly<Record<string, unknown>>;
  readonly outputKind?: 'logits' | 'probabilities' | 'auto';
  readonly id?: string;
  /** Where the manifest was read from. */
  readonly path: string;
}

/** Candidate manifest paths for a model file, first match wins. */
export function manifestCandidates(model: ModelFile): string[] {
  if (model.kind === 'tfjs') return [join(dirname(model.file), 'snowblind.json')];
  const stem = model.file.replace(/\.onnx$/i, '');
  return [`${stem}.snowblind.json`, `${model.file}.snowblind.json`];
}

/** True when a preset string is a JSON path rather than a built-in name (as `resolvePreset` decides). */
export function isPresetPath(spec: string): boolean {
  return /\.json$/i.test(spec) || spec.includes('/') || spec.includes('\\');
}

/** A path written in a manifest, resolved inside the manifest's folder. */
function inFolderOf(manifest: string, value: string, field: string): string {
  return resolveInside(dirname(manifest), value, `${field} of ${basename(manifest)}`);
}

/**
 * Read the sidecar manifest of a model, if there is one.
 *
 * @throws SnowblindError `BAD_MODEL` when the manifest exists but is invalid JSON or has wrong
 * fields (never silently ignored: the user wrote it for a reason); `PATH_OUTSIDE_ROOT` when a
 * labels or preset path leaves the manifest's folder.
 */
export async function readModelManifest(model: ModelFile): Promise<ModelManifest | undefined> {
  for (const candidate of manifestCandidates(model)) {
    if (!(await lstat(candidate).catch(() => undefined))) continue;
    // A sidecar that is a symlink out of the model's folder is refused, never parsed.
    const path = resolveInside(dirname(model.file), basename(candidate), 'sidecar manifest');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SnowblindError(
        'BAD_MODEL',
        `model manifest ${path} is not valid JSON: ${(error as Error).message}`,
        {
          hint: 'fix or delete the manifest ({ "labels": "labels.txt", "preset": "torchvision" })',
        },
      );
    }
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success) {
      throw new SnowblindError('BAD_MODEL', `model manifest ${path} is invalid: ${zodIssues(parsed.error)}`, {
        hint: 'a manifest has labels (path or array), preset (name, JSON path or object), optional outputKind and id',
      });
    }
    const m = parsed.data;
    return {
      path,
      ...(m.labels === undefined
        ? {}
        : { labels: typeof m.labels === 'string' ? inFolderOf(path, m.labels, 'labels') : m.labels }),
      ...(m.preset === undefined
        ? {}
        : {
            preset:
              typeof m.preset === 'string' && isPresetPath(m.preset)
                ? inFolderOf(path, m.preset, 'preset')
                : m.preset,
          }),
      ...(m.outputKind === undefined ? {} : { outputKind: m.outputKind }),
      ...(m.id === undefined ? {} : { id: m.id }),
    };
  }
  return undefined;
}
