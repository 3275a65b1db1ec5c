import { SnowblindError } from '../errors.js';
import { type InputShape, inputShape } from '../image/index.js';
import type { Classifier } from '../models/types.js';
import { type FoolConstraints, validateConstraints } from './constraints.js';
import {
  FOOL_ENCODINGS,
  FOOL_METHODS,
  FOOL_STEPS,
  type FoolEncoding,
  type FoolMethod,
  type FoolNoise,
  type FoolOptions,
  type FoolStep,
} from './types.js';

/** {@link FoolOptions} with every default filled in and checked. @internal */
export interface ResolvedFoolOptions {
  readonly target: number | 'any';
  readonly method: FoolMethod;
  readonly encoding: FoolEncoding | null;
  readonly step: FoolStep | null;
  readonly noise: FoolNoise;
  readonly index: number;
  readonly constraints: FoolConstraints;
  readonly budget: number;
  readonly goal: number;
  readonly stepSize: number;
  readonly competitors: number;
  readonly grid: number;
  readonly population: number;
  readonly sigma: number;
  readonly seed: number;
  readonly batchSize: number;
}

/** Upper bounds past which a setting is a mistake, not a plan. */
export const FOOL_LIMITS = { budget: 100_000, population: 1024, batchSize: 4096, competitors: 1000 } as const;

function bad(name: string, message: string, hint: string): SnowblindError {
  return new SnowblindError('BAD_INPUT', `fool: ${name} ${message}`, { hint });
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw bad(
      name,
      `must be a whole number in ${min}..${max}, got ${v}`,
      `pass ${name} between ${min} and ${max}`,
    );
  }
  return v;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(Number.isFinite(v) && v > 0))
    throw bad(name, `must be a number > 0, got ${v}`, `for example ${name} 1`);
  return v;
}

function oneOf<T extends string>(name: string, value: T | undefined, choices: readonly T[], fallback: T): T {
  const v = value ?? fallback;
  if (!choices.includes(v))
    throw bad(name, `"${v}" is not one of ${choices.join(', ')}`, `use ${choices.join(' or ')}`);
  return v;
}

/**
 * Fill in and check every option of {@link fool} against `model`.
 * @throws SnowblindError `BAD_INPUT` naming the option, with a hint.
 */
export function resolveFoolOptions(model: Classifier, options: FoolOptions): ResolvedFoolOptions {
  const target = options.target ?? 'any';
  if (target !== 'any' && !(Number.isInteger(target) && target >= 0 && target < model.numClasses)) {
    throw bad(
      'target',
      `${target} is not a class of ${model.id}`,
      `use a class index 0..${model.numClasses - 1} or 'any'`,
    );
  }
  const hasGradients = typeof model.gradientModel === 'function';
  const method = oneOf('method', options.method, FOOL_METHODS, hasGradients ? 'gradient' : 'evolution');
  if (method === 'gradient' && !hasGradients) {
    throw bad(
      'method',
      `gradient: ${model.id} gives no input gradients`,
      'use method evolution (forward passes only)',
    );
  }
  const encoding =
    method === 'evolution' ? oneOf('encoding', options.encoding, FOOL_ENCODINGS, 'low-frequency') : null;
  const constraints = validateConstraints(
    options.constraints ?? (encoding === 'noise-params' ? {} : { linf: 8 }),
  );
  const budget = integer('budget', options.budget, 100, 0, FOOL_LIMITS.budget);
  const onlyL2 = constraints.l2 !== undefined && constraints.linf === undefined;
  const step = method === 'gradient' ? oneOf('step', options.step, FOOL_STEPS, onlyL2 ? 'l2' : 'sign') : null;
  const goal = options.goal ?? 0.99;
  if (!(goal > 0 && goal <= 1)) throw bad('goal', `must be in (0, 1], got ${goal}`, 'for example goal 0.99');
  const noise = options.noise ?? { kind: 'seed-wrap', seed: 0 };
  const shape = inputShape(model.preset, model.inputChannels);
  return {
    target,
    method,
    encoding,
    step,
    noise,
    index: integer('index', options.index, 0, 0, Number.MAX_SAFE_INTEGER),
    constraints,
    budget,
    goal,
    stepSize: positive('stepSize', options.stepSize, defaultStepSize(step, constraints, budget, shape)),
    competitors: integer('competitors', options.competitors, 9, 0, FOOL_LIMITS.competitors),
    grid: integer('grid', options.grid, defaultGrid(shape), 1, 4096),
    population: integer('population', options.population, 16, 2, FOOL_LIMITS.population),
    sigma: positive(
      'sigma',
      options.sigma,
      encoding === 'noise-params'
        ? 0.15
        : constraints.linf !== undefined
          ? Math.max(constraints.linf / 2, 0.5)
          : 8,
    ),
    seed: integer('seed', options.seed, noise.seed, 0, Number.MAX_SAFE_INTEGER),
    batchSize: integer('batchSize', options.batchSize, 16, 1, FOOL_LIMITS.batchSize),
  };
}

/** Madry et al.'s rule of thumb, 2.5·ε/steps, so the ascent can cross the ball and come back. */
function defaultStepSize(
  step: FoolStep | null,
  c: FoolConstraints,
  budget: number,
  shape: InputShape,
): number {
  const steps = Math.max(budget, 1);
  if (step === 'l2') {
    return c.l2 !== undefined ? Math.max((2.5 * c.l2) / steps, 1e-3) : 0.5 * Math.sqrt(shape.size);
  }
  return c.linf !== undefined ? Math.max((2.5 * c.linf) / steps, 0.25) : 1;
}

function defaultGrid(shape: InputShape): number {
  return Math.min(16, Math.ceil(shape.height / 4));
}
