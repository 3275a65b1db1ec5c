import type { StartAuditInput } from './audit-form.js';

/** A model as the new-audit options list it. */
export interface FirstAuditModel {
  readonly id: string;
  readonly isDefault: boolean;
  readonly inputShape: readonly (number | null)[] | null;
}

/** What the one-click first audit runs, and a sentence saying so. */
export interface FirstAudit {
  readonly input: StartAuditInput;
  readonly summary: string;
}

/** As many images as the README's first Fashion-MNIST audit: seconds on a CPU, enough for the shares. */
export const FIRST_AUDIT_COUNT = 200;

const isChannels = (n: number | null | undefined): n is 1 | 3 => n === 1 || n === 3;

/**
 * Height, width and channels of a model's input, read from its `inputShape` in either layout
 * (HWC as TF.js models and the registry give it, CHW as ONNX files do, with or without a batch
 * dimension); null when any of them is unknown.
 */
export function imageSizeOf(
  shape: readonly (number | null)[] | null,
): { height: number; width: number; channels: 1 | 3 } | null {
  if (!shape) return null;
  const dims = shape.length === 4 ? shape.slice(1) : shape;
  if (dims.length !== 3 || dims.some((d) => d === null || d < 1)) return null;
  const [a, b, c] = dims as [number, number, number];
  if (isChannels(c)) return { height: a, width: b, channels: c };
  if (isChannels(a)) return { height: b, width: c, channels: a };
  return null;
}

/**
 * The audit a first-time user starts with one click: the server's default model (else the first
 * one) on {@link FIRST_AUDIT_COUNT} images of the reference `seed-wrap` noise, seed 0, made at the
 * model's own input size (as the CLI's default Fashion-MNIST audit), so no resize averages the
 * noise to gray. Null when the server has no model.
 */
export function firstAudit(models: readonly FirstAuditModel[]): FirstAudit | null {
  const model = models.find((m) => m.isDefault) ?? models[0];
  if (!model) return null;
  const size = imageSizeOf(model.inputShape);
  const input: StartAuditInput = {
    models: [model.id],
    noise: [{ kind: 'seed-wrap', seed: 0, ...(size ?? {}) }],
    count: FIRST_AUDIT_COUNT,
  };
  const at = size
    ? `${size.width}×${size.height} ${size.channels === 1 ? 'gray' : 'RGB'}`
    : 'the server’s default size';
  return {
    input,
    summary: `${FIRST_AUDIT_COUNT} images of seed-wrap noise (seed 0, ${at}) through ${model.id}${model.isDefault ? ', the default model' : ''}.`,
  };
}
