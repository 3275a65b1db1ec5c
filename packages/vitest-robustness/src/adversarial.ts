import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  type Classifier,
  encodePng,
  FOOL_METHODS,
  type FoolMethod,
  type FoolNoise,
  type FoolResult,
  fool,
  SnowblindError,
} from '@snowblind/core';
import { slug } from './artifacts.js';
import type { RejectionRules } from './rejection-rules.js';

/** Options of the adversarial mode of `toRejectNoise`: a worst-case search after the random samples. */
export interface AdversarialOptions {
  /**
   * Also search for the most convincing noise with core's `fool` (`gradient` needs a model with
   * input gradients; `evolution` uses forward passes only). No search when unset.
   */
  readonly search?: FoolMethod;
  /** Iterations of each search (gradient steps or generations). @defaultValue 50 */
  readonly budget?: number;
  /** L∞ bound around the start noise, in gray levels. @defaultValue 8 */
  readonly linf?: number;
  /** Classes to search for, one search each; `any` raises whatever class is currently best. @defaultValue 'any' */
  readonly searchTargets?: 'any' | readonly number[];
  /** Start noise of the search. @defaultValue `{ kind: 'seed-wrap', seed }` with the gate's seed */
  readonly searchNoise?: FoolNoise;
}

/** One search and whether its found image fooled the model under the gate's rules. */
export interface SearchOutcome {
  readonly result: FoolResult;
  readonly fooled: boolean;
  /** The rule's score on the found image (the confidence without a score rule). */
  readonly severity: number;
  readonly linf: number;
  readonly seed: number;
}

function bad(message: string, hint: string): SnowblindError {
  return new SnowblindError('BAD_INPUT', message, { hint });
}

/** The checked search settings, or `undefined` when no search was asked for. */
export function resolveSearch(
  options: AdversarialOptions,
  seed: number,
):
  | { method: FoolMethod; budget: number; linf: number; targets: ('any' | number)[]; noise: FoolNoise }
  | undefined {
  if (options.search === undefined) return undefined;
  if (!FOOL_METHODS.includes(options.search)) {
    throw bad(
      `search must be one of ${FOOL_METHODS.join(', ')}, got "${options.search}"`,
      "e.g. { search: 'gradient' }",
    );
  }
  const linf = options.linf ?? 8;
  if (!(Number.isFinite(linf) && linf >= 0 && linf <= 255)) {
    throw bad(`linf must be in 0..255, got ${linf}`, 'gray levels around the start noise, e.g. { linf: 8 }');
  }
  const targets = options.searchTargets ?? 'any';
  if (targets !== 'any' && (!Array.isArray(targets) || targets.length === 0)) {
    throw bad(
      'searchTargets must be "any" or a non-empty list of class indices',
      'e.g. { searchTargets: [0, 3] }',
    );
  }
  return {
    method: options.search,
    budget: options.budget ?? 50,
    linf,
    targets: targets === 'any' ? ['any'] : [...targets],
    noise: options.searchNoise ?? { kind: 'seed-wrap', seed },
  };
}

/**
 * Runs one `fool` search per target and judges each found 8-bit image with the gate's rules on
 * its top-1 (and its max-logit / energy for score rules).
 */
export async function runSearches(
  model: Classifier,
  rules: RejectionRules,
  search: NonNullable<ReturnType<typeof resolveSearch>>,
  signal: AbortSignal | undefined,
): Promise<SearchOutcome[]> {
  const outcomes: SearchOutcome[] = [];
  for (const target of search.targets) {
    const result = await fool(model, {
      target,
      method: search.method,
      budget: search.budget,
      constraints: { linf: search.linf },
      noise: search.noise,
      ...(signal === undefined ? {} : { signal }),
    });
    const top = result.top5[0]!;
    let rejected = false;
    if (rules.maxConfidence !== undefined && top.score <= rules.maxConfidence) rejected = true;
    if (rules.abstain && top.classIndex === rules.abstain.classIndex) rejected = true;
    let severity = top.score;
    if (rules.score) {
      severity = scoreOf(rules, result);
      if (severity <= rules.score.threshold) rejected = true;
    }
    outcomes.push({
      result,
      fooled: !rejected,
      severity,
      linf: search.linf,
      seed: result.noise.seed,
    });
  }
  return outcomes;
}

function scoreOf(rules: RejectionRules, result: FoolResult): number {
  const score = rules.score!;
  if (score.name === 'msp') return result.top5[0]!.score;
  if (score.temperature !== 1) {
    throw bad(
      `search with score "${score.name}" supports only temperature 1, got ${score.temperature}`,
      'Drop temperature or the search option.',
    );
  }
  const value = score.name === 'energy' ? result.scores.energy : result.scores.maxLogit;
  if (value === null) throw new SnowblindError('INTERNAL', `search found no ${score.name} score`);
  return value;
}

/** One failure-message line per search. */
export function searchLine(o: SearchOutcome): string {
  const r = o.result;
  const top = r.top5[0]!;
  const held = r.constraintsHeld ? 'held' : 'VIOLATED';
  return (
    `Search (${r.method}, target ${r.target}): "${top.label}" (class ${top.classIndex}) at confidence ` +
    `${top.score.toFixed(3)} (start ${r.startConfidence.toFixed(3)}) after ${r.iterations} iterations ` +
    `(${r.stopReason}), L∞ ≤ ${o.linf} ${held}, start ${r.noise.kind} seed ${o.seed} #${r.index}` +
    `${o.fooled ? ' — fooled' : ' — rejected'}.`
  );
}

/** `search-1-gradient-any-shirt-0.987.png` */
export function searchArtifactName(rank: number, o: SearchOutcome): string {
  const top = o.result.top5[0]!;
  return `search-${rank + 1}-${o.result.method}-${o.result.target}-${slug(top.label)}-${top.score.toFixed(3)}.png`;
}

/**
 * Writes the found images of fooling searches into `dir/<slug(name)>/`; `fresh` clears the
 * folder first (when no random sample wrote there in this run).
 */
export async function writeSearchArtifacts(
  dir: string,
  name: string,
  outcomes: readonly SearchOutcome[],
  fresh: boolean,
): Promise<string[]> {
  const folder = resolve(dir, slug(name));
  if (fresh) await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (const [rank, o] of outcomes.entries()) {
    const path = join(folder, searchArtifactName(rank, o));
    await writeFile(path, await encodePng(o.result.image));
    const rel = relative(process.cwd(), path);
    paths.push(rel.startsWith('..') ? path : rel);
  }
  return paths;
}
