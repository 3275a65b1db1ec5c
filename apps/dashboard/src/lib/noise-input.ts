import type { NoiseSpec } from '../graphql/types.js';

/** A noise spec as the API reports it, with the parameters it may carry. */
export type NoiseSpecWithParams = NoiseSpec & { params?: Record<string, unknown> | null };

/**
 * The `NoiseSpecInput` for a spec the API reported: kind, seed, channels, rng and the parameters
 * it set, without urql's `__typename`s and the nulls of the ones it did not.
 */
export function toNoiseInput(spec: NoiseSpecWithParams): Record<string, unknown> {
  const params = Object.fromEntries(
    Object.entries(spec.params ?? {}).filter(([key, value]) => key !== '__typename' && value !== null),
  );
  return {
    kind: spec.kind,
    seed: spec.seed,
    channels: spec.channels,
    rng: spec.rng,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}
