import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { SnowblindError } from '../errors.js';
import { isPresetName, PRESETS, presetNames } from './presets.js';
import type { Preset } from './types.js';

const size = z.number().int().min(1).max(4096);
const pair = z.tuple([size, size]);
const channelValues = z.array(z.number()).min(1).max(3);

/** Fields of a preset as accepted from users: every field optional, `base` names a built-in. */
const presetInput = z
  .object({
    base: z.string().optional(),
    name: z.string().min(1).optional(),
    resize: z.union([size, pair, z.null()]).optional(),
    // A single number is accepted as a square crop, as torchvision's CenterCrop(224).
    crop: z.union([size.transform((s) => [s, s] as [number, number]), pair, z.null()]).optional(),
    layout: z.enum(['NCHW', 'NHWC']).optional(),
    channelOrder: z.enum(['RGB', 'BGR']).optional(),
    grayscale: z.boolean().optional(),
    scale: z.number().positive().optional(),
    mean: channelValues.optional(),
    std: channelValues.refine((s) => s.every((v) => v !== 0), 'std values must be non-zero').optional(),
  })
  .strict();

/** A user's preset: a built-in name plus overrides, or a full description. */
export type PresetSpec = Partial<Preset> & { base?: string };

const FIELDS = [
  'name',
  'resize',
  'crop',
  'layout',
  'channelOrder',
  'grayscale',
  'scale',
  'mean',
  'std',
] as const;

/**
 * Resolve a preset from a built-in name, a path to a JSON file, or an object.
 *
 * An object (or JSON file) may name a built-in `base` and override some fields, e.g.
 * `{ "base": "torchvision", "crop": [299, 299], "resize": 342 }`; without `base` every field is
 * required. The result is validated: sizes are integers in 1..4096, `mean`/`std` have one entry
 * per model channel (1 when `grayscale`, else 3) and `std` has no zero.
 *
 * @returns A frozen {@link Preset}.
 * @throws `BAD_PRESET` for an unknown name or an invalid description (the hint lists the
 *   built-in names), `FILE_NOT_FOUND` for a missing JSON file.
 */
export async function resolvePreset(spec: string | PresetSpec): Promise<Preset> {
  if (typeof spec === 'string') {
    if (isPresetName(spec)) return PRESETS[spec];
    if (!looksLikePath(spec)) {
      throw new SnowblindError('BAD_PRESET', `unknown preset "${spec}"`, {
        hint: `Use one of ${presetNames().join(', ')}, or the path of a preset JSON file (a name ending in .json, or with a folder: ./${spec}).`,
      });
    }
    return fromObject(await readPresetFile(spec), spec);
  }
  return fromObject(spec, 'preset');
}

function looksLikePath(spec: string): boolean {
  return spec.endsWith('.json') || spec.includes('/') || spec.includes('\\');
}

async function readPresetFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SnowblindError(missing ? 'FILE_NOT_FOUND' : 'BAD_PRESET', `cannot read preset file ${path}`, {
      hint: missing
        ? 'Check the path of the preset JSON file.'
        : 'Check that the preset file is a readable file.',
      cause,
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SnowblindError('BAD_PRESET', `preset file ${path} is not valid JSON`, {
      hint: 'Write the preset as a JSON object, e.g. {"base": "torchvision", "crop": [299, 299]}.',
      cause,
    });
  }
}

function fromObject(input: unknown, where: string): Preset {
  const parsed = presetInput.safeParse(input);
  if (!parsed.success) {
    throw new SnowblindError('BAD_PRESET', `invalid ${where}: ${z.prettifyError(parsed.error)}`, {
      hint: `Fix the fields above; see the built-in presets (${presetNames().join(', ')}) for examples.`,
    });
  }
  const { base, ...overrides } = parsed.data;
  let start: Partial<Preset> = {};
  if (base !== undefined) {
    if (!isPresetName(base)) {
      throw new SnowblindError('BAD_PRESET', `unknown base preset "${base}" in ${where}`, {
        hint: `"base" must be one of ${presetNames().join(', ')}.`,
      });
    }
    start = { ...PRESETS[base], name: 'custom' };
  }
  const merged: Record<string, unknown> = { name: 'custom', ...start };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;

  const missing = FIELDS.filter((f) => merged[f] === undefined);
  if (missing.length > 0) {
    throw new SnowblindError('BAD_PRESET', `${where} is missing ${missing.join(', ')}`, {
      hint: `Give every field, or name a "base" preset (${presetNames().join(', ')}) to inherit the rest.`,
    });
  }
  const preset = merged as unknown as Preset;
  const channels = preset.grayscale ? 1 : 3;
  for (const key of ['mean', 'std'] as const) {
    if (preset[key].length !== channels) {
      throw new SnowblindError(
        'BAD_PRESET',
        `${where}: ${key} has ${preset[key].length} values but the model input has ${channels} channel(s)`,
        {
          hint: `Give ${channels} ${key} value(s)${preset.grayscale ? ' (grayscale is on)' : ' in channelOrder'}.`,
        },
      );
    }
  }
  return Object.freeze({
    name: preset.name,
    resize: Array.isArray(preset.resize) ? Object.freeze([...preset.resize]) : preset.resize,
    crop: preset.crop ? Object.freeze([...preset.crop]) : null,
    layout: preset.layout,
    channelOrder: preset.channelOrder,
    grayscale: preset.grayscale,
    scale: preset.scale,
    mean: Object.freeze([...preset.mean]),
    std: Object.freeze([...preset.std]),
  }) as Preset;
}
