import { SnowblindError } from '../errors.js';

/**
 * Every value `--engine` / `LoadOptions.engine` accepts. `onnx`: onnxruntime (TF.js models are
 * converted to ONNX first); `tfjs`: TF.js on its backend ladder; `auto`: onnxruntime when the
 * model converts, else TF.js.
 */
export const ENGINE_CHOICES = ['auto', 'onnx', 'tfjs'] as const;

/** One of {@link ENGINE_CHOICES}. */
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/**
 * Parse an engine name from a flag or environment variable (case-insensitive, trimmed).
 *
 * @throws SnowblindError `BAD_INPUT` for an unknown name, listing the valid ones.
 */
export function parseEngine(name: string): EngineChoice {
  const value = name.trim().toLowerCase();
  const found = ENGINE_CHOICES.find((choice) => choice === value);
  if (found) return found;
  throw new SnowblindError('BAD_INPUT', `unknown engine "${name}"`, {
    hint: `use one of ${ENGINE_CHOICES.join(', ')}`,
  });
}
