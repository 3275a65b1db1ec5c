import { z } from 'zod';
import { ENGINE_CHOICES } from '../engine/index.js';

/** Registry ids: what users type after `snowblind audit`. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/i, 'expected 64 hex digits');

/** One entry as stored in a registry file (paths may be relative to that file). */
export const RegistryEntrySchema = z.looseObject({
  id: z.string().regex(MODEL_ID_PATTERN, 'letters, digits, ".", "_" or "-", starting with a letter or digit'),
  format: z.enum(['onnx', 'tfjs-layers', 'tfjs-graph']),
  path: z.string().min(1),
  labels: z
    .union([z.string().min(1), z.array(z.string())], { error: 'expected a labels file path or class names' })
    .optional(),
  preset: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())], {
      error: 'expected a preset name, a preset JSON path or a preset object',
    })
    .optional(),
  inputShape: z.array(z.number().int().nullable()).optional(),
  license: z.string().optional(),
  /** Hex sha256 of `path`, or file name (relative to the folder of `path`) → hex sha256 of each file. */
  sha256: z.union([SHA256, z.record(z.string().min(1), SHA256)], {
    error: 'expected 64 hex digits, or a map of file name to 64 hex digits',
  }),
  description: z.string().optional(),
  default: z.boolean().optional(),
  outputKind: z.enum(['logits', 'probabilities']).optional(),
  engine: z.enum(ENGINE_CHOICES).optional(),
});

/**
 * A registry file: `{ "version": 1, "models": [...] }`, or a bare array of entries (read as the
 * `models` of such an object, so issue paths always read `models[3].format`).
 */
export const RegistryFileSchema = z.preprocess(
  (raw) => (Array.isArray(raw) ? { models: raw } : raw),
  z.looseObject({ version: z.number().int().optional(), models: z.array(RegistryEntrySchema) }),
);

/** An entry as stored (see {@link RegistryEntrySchema}). */
export type StoredRegistryEntry = z.infer<typeof RegistryEntrySchema>;
