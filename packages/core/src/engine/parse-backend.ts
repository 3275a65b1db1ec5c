import { SnowblindError } from '../errors.js';
import type { BackendName } from './types.js';

/** Every value `--backend` / `SNOWBLIND_BACKEND` accepts. */
export const BACKEND_CHOICES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'onnx'] as const;

/**
 * Parse a backend name from a flag or environment variable (case-insensitive, trimmed).
 *
 * @throws SnowblindError `BACKEND_UNAVAILABLE` for an unknown name, listing the valid ones.
 */
export function parseBackend(name: string): BackendName | 'auto' {
  const value = name.trim().toLowerCase();
  const found = BACKEND_CHOICES.find((choice) => choice === value);
  if (found) return found;
  throw new SnowblindError('BACKEND_UNAVAILABLE', `unknown backend "${name}"`, {
    hint: `use one of ${BACKEND_CHOICES.join(', ')}`,
  });
}
