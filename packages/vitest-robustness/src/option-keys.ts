import { SnowblindError } from '@snowblind/core';
import type { AdversarialOptions } from './adversarial.js';
import type { ModelOptions } from './model-input.js';
import type { NoiseGateOptions } from './noise-gate.js';
import type { RejectsNoiseOptions } from './property.js';
import type { RejectionOptions } from './rejection-rules.js';
import type { StabilityOptions } from './stability.js';

/** Every key of `T`, checked at compile time: adding an option to the interface needs it here. */
type AllKeys<T> = readonly (keyof T)[];
type Exhaustive<T, K extends AllKeys<T>> = [Exclude<keyof T, K[number]>] extends [never] ? K : never;
const keys =
  <T>() =>
  <const K extends AllKeys<T>>(k: Exhaustive<T, K>): readonly string[] =>
    k as readonly string[];

const REJECTION = keys<RejectionOptions>()([
  'maxConfidence',
  'abstainClass',
  'score',
  'threshold',
  'temperature',
]);
const MODEL = keys<ModelOptions>()(['preset', 'classes', 'outputKind', 'id', 'load']);
const ADVERSARIAL = keys<AdversarialOptions>()(['search', 'budget', 'linf', 'searchTargets', 'searchNoise']);
type GateOwn = Omit<NoiseGateOptions, keyof RejectionOptions | keyof ModelOptions | keyof AdversarialOptions>;
const GATE_OWN = keys<GateOwn>()([
  'samples',
  'noise',
  'seed',
  'maxFooledRate',
  'batchSize',
  'artifactsDir',
  'worst',
  'name',
  'signal',
]);
type StabilityOwn = Omit<StabilityOptions, keyof ModelOptions>;
const STABILITY_OWN = keys<StabilityOwn>()([
  'inputs',
  'noise',
  'samples',
  'seed',
  'minAgreement',
  'batchSize',
]);
type PropertyOwn = Omit<RejectsNoiseOptions, keyof RejectionOptions | keyof ModelOptions>;
const PROPERTY_OWN = keys<PropertyOwn>()(['arbitrary', 'numRuns', 'seed', 'path', 'endOnFailure']);

/** The option names each entry point accepts. */
export const OPTION_KEYS = {
  toRejectNoise: [...GATE_OWN, ...REJECTION, ...MODEL, ...ADVERSARIAL],
  toBeStableUnder: [...STABILITY_OWN, ...MODEL],
  checkRejectsNoise: [...PROPERTY_OWN, ...REJECTION, ...MODEL],
  fooledBy: [...REJECTION, ...MODEL],
} as const satisfies Record<string, readonly string[]>;

/**
 * Refuses an options value that is not a plain object, or that has a key `what` does not know
 * (a typo such as `maxConfidance` would otherwise be ignored and the default gate run).
 * @throws SnowblindError `BAD_INPUT` naming the unknown keys and listing the known ones.
 */
export function checkOptionKeys(options: unknown, what: keyof typeof OPTION_KEYS): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SnowblindError('BAD_INPUT', `${what} options must be an object, got ${describe(options)}`, {
      hint: `e.g. ${what}({ samples: 100 })`,
    });
  }
  const known: readonly string[] = OPTION_KEYS[what];
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k)).join(', ');
    throw new SnowblindError(
      'BAD_INPUT',
      `${what}: unknown option${unknown.length > 1 ? 's' : ''} ${names}`,
      {
        hint: `known options: ${[...known].sort().join(', ')}`,
      },
    );
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
