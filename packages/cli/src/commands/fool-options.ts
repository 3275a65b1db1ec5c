import {
  type FoolConstraints,
  type FoolEncoding,
  type FoolMethod,
  type FoolStep,
  parseNoiseKind,
} from '@snowblind/core';
import type { Command } from 'commander';
import { badFlag } from '../errors.js';
import { refuseFlags, typed } from '../flag-conflicts.js';
import type { ModelFlags } from '../model-options.js';
import { type NumberRange, parseIntFlag, parseNoiseParams, parseNumberFlag, splitList } from '../options.js';

/** `snowblind fool`'s flags as commander parses them. */
export interface FoolFlags extends ModelFlags {
  model?: string;
  target?: string;
  any?: boolean;
  targets?: string;
  method?: FoolMethod;
  encoding?: FoolEncoding;
  budget: string;
  goal: string;
  linf?: string;
  l2?: string;
  smooth?: string;
  unbounded?: boolean;
  step?: FoolStep;
  stepSize?: string;
  population: string;
  grid?: string;
  noise: string;
  noiseParam?: string[];
  seed: string;
  index: string;
  starts: string;
  baseline: string;
  inDistribution?: string;
  idCount?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

const number = (flag: string, raw: string | undefined, range: NumberRange) =>
  raw === undefined ? undefined : parseNumberFlag(flag, raw, range);

const EVOLUTION_FLAGS = ['--encoding', '--population', '--grid'];
const GRADIENT_FLAGS = ['--step', '--step-size'];

function searchMethod(flags: FoolFlags, command: Command): FoolMethod | undefined {
  const evolutionFlags = EVOLUTION_FLAGS.filter((f) => typed(command, f));
  const gradientFlags = GRADIENT_FLAGS.filter((f) => typed(command, f));
  const method =
    flags.method ??
    (evolutionFlags.length > 0 ? 'evolution' : gradientFlags.length > 0 ? 'gradient' : undefined);
  if (method === 'evolution') {
    const why = flags.method ? '--method evolution' : `evolution (chosen by ${evolutionFlags.join(', ')})`;
    refuseFlags(command, GRADIENT_FLAGS, `with ${why}`, 'only --method gradient reads them');
  }
  if (method === 'gradient') {
    refuseFlags(command, EVOLUTION_FLAGS, 'with --method gradient', 'only --method evolution reads them');
  }
  if (flags.inDistribution === undefined) {
    refuseFlags(command, ['--id-count'], 'without --in-distribution', 'add --in-distribution, or drop it');
  }
  return method;
}

/**
 * The `foolTargets` options the flags ask for, after refusing flags the search method would
 * silently ignore. Evolution-only flags (`--encoding`, `--population`, `--grid`) choose evolution
 * and gradient-only ones (`--step`, `--step-size`) gradient ascent when `--method` is not given.
 * @throws SnowblindError `BAD_INPUT` naming the flag.
 */
export function searchOptions(flags: FoolFlags, command: Command) {
  const method = searchMethod(flags, command);
  const starts = parseIntFlag('--starts', flags.starts, 1, 1000);
  const seed = parseIntFlag('--seed', flags.seed, 0, 2 ** 32 - 1);
  const kind = parseNoiseKind(flags.noise);
  const params = parseNoiseParams(flags.noiseParam ?? []);
  const bounded = flags.linf !== undefined || flags.l2 !== undefined || flags.smooth !== undefined;
  if (flags.unbounded && bounded) {
    throw badFlag('--unbounded', 'cannot be combined with --linf, --l2 or --smooth', 'drop one of them');
  }
  const constraints: FoolConstraints | undefined = flags.unbounded
    ? {}
    : bounded
      ? {
          ...(flags.linf === undefined ? {} : { linf: number('--linf', flags.linf, { min: 0, max: 255 }) }),
          ...(flags.l2 === undefined ? {} : { l2: number('--l2', flags.l2, { min: 0, max: 1e9 }) }),
          ...(flags.smooth === undefined ? {} : { smooth: parseIntFlag('--smooth', flags.smooth, 0, 255) }),
        }
      : undefined;
  const optional = {
    method,
    encoding: flags.encoding,
    step: flags.step,
    stepSize: number('--step-size', flags.stepSize, { min: 0, minOpen: true, max: 255 }),
    grid: flags.grid === undefined ? undefined : parseIntFlag('--grid', flags.grid, 1, 4096),
    constraints,
  };
  return {
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    noise: { kind, seed, ...(Object.keys(params).length ? { params } : {}) },
    // Start images are index … index + starts - 1, each a safe integer.
    index: parseIntFlag('--index', flags.index, 0, Number.MAX_SAFE_INTEGER - starts),
    budget: parseIntFlag('--budget', flags.budget, 0, 100_000),
    goal: parseNumberFlag('--goal', flags.goal, { min: 0, minOpen: true, max: 1 }),
    population: parseIntFlag('--population', flags.population, 2, 1024),
    starts,
    baselineCount: parseIntFlag('--baseline', flags.baseline, 0, 100_000),
  };
}

/** `--target c`, `--targets a,b,c|all`, or `--any` (the default). */
export function parseTargets(flags: FoolFlags, classes: number): (number | 'any')[] {
  const given = [flags.target !== undefined, flags.targets !== undefined, flags.any === true].filter(Boolean);
  if (given.length > 1) {
    throw badFlag('--target', 'use only one of --target, --targets and --any', 'for example --targets 0,1,2');
  }
  if (flags.target !== undefined) return [parseIntFlag('--target', flags.target, 0, classes - 1)];
  if (flags.targets === undefined) return ['any'];
  if (flags.targets.trim() === 'all') return Array.from({ length: classes }, (_, c) => c);
  return splitList('--targets', [flags.targets], 'for example --targets 0,1,2 or --targets all').map((t) =>
    parseIntFlag('--targets', t, 0, classes - 1),
  );
}
