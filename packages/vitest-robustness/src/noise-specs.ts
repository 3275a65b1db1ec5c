import {
  type NoiseKind,
  type NoiseParams,
  type NoiseSpec,
  type Preset,
  parseNoiseKind,
  type ResolvedNoiseSpec,
  type RngMode,
  validateNoiseSpec,
} from '@snowblind/core';

/** One noise set to try: a kind name, or a kind with parameters and geometry. */
export type NoiseChoice =
  | NoiseKind
  | {
      readonly kind: NoiseKind;
      readonly params?: NoiseParams;
      /** @defaultValue the gate's `seed` */
      readonly seed?: number;
      readonly width?: number;
      readonly height?: number;
      readonly channels?: 1 | 3;
      readonly rng?: RngMode;
    };

/**
 * The kinds a gate tries when `noise` is not given: every kind that varies from image to image
 * (`constant` draws the same picture for every index).
 */
export const DEFAULT_GATE_NOISE: readonly NoiseKind[] = Object.freeze([
  'seed-wrap',
  'gaussian',
  'uniform',
  'salt-pepper',
  'low-frequency',
]);

/**
 * The noise size that matches a preset: the shorter-side resize as a square (torchvision's 256
 * for a 224 crop, as the reference experiment), an exact resize, else the crop.
 */
export function noiseSizeFor(preset: Preset): { width: number; height: number } {
  if (typeof preset.resize === 'number') return { width: preset.resize, height: preset.resize };
  const fixed = Array.isArray(preset.resize) ? preset.resize : preset.crop;
  if (fixed) return { height: fixed[0]!, width: fixed[1]! };
  return { width: 256, height: 256 };
}

/**
 * Resolves the gate's noise choices into full noise specs (every default filled in), sized
 * for `preset` unless a choice says otherwise.
 * @throws SnowblindError `UNKNOWN_NOISE_KIND` / `BAD_INPUT` for a bad choice.
 */
export function gateNoiseSpecs(
  noise: NoiseChoice | readonly NoiseChoice[] | undefined,
  seed: number,
  preset: Preset,
): ResolvedNoiseSpec[] {
  const list: readonly NoiseChoice[] =
    noise === undefined ? DEFAULT_GATE_NOISE : Array.isArray(noise) ? noise : [noise as NoiseChoice];
  const size = noiseSizeFor(preset);
  return list.map((choice) => {
    const spec: NoiseSpec =
      typeof choice === 'string'
        ? { kind: parseNoiseKind(choice), seed, ...size }
        : { ...size, ...choice, seed: choice.seed ?? seed };
    return validateNoiseSpec(spec);
  });
}
