import type { NoiseParams } from '../noise/types.js';
import { EvolutionStrategy } from './evolution-strategy.js';
import type { PixelSpace } from './pixel-space.js';
import { argmaxRow, type ForwardPass, scoreImages } from './scoring.js';
import type { SearchOutcome, SearchSettings } from './search-types.js';

/** A point of the search space turned into an image (`null` pixels: outside the constraints). */
export interface Candidate {
  readonly pixels: Float64Array | null;
  readonly params?: NoiseParams;
}

/** What the evolution searches over and how a point becomes an image. @internal */
export interface Encoding {
  /** Start point (decodes to the start image). */
  readonly start: Float64Array;
  readonly lower: number;
  readonly upper: number;
  readonly sigma: number;
  decode(z: Float64Array): Candidate;
}

/** Settings of {@link evolutionSearch}, all resolved. */
export interface EvolutionSettings extends SearchSettings {
  readonly population: number;
  readonly seed: number;
  readonly batchSize: number;
}

/**
 * Evolutionary search with forward passes only, in the spirit of Nguyen, Yosinski & Clune 2015
 * ("Deep Neural Networks are Easily Fooled", https://arxiv.org/abs/1412.1897), who evolved
 * images that networks labelled with ≥ 99.6% confidence. A {@link EvolutionStrategy} proposes
 * points of `encoding` (pixels, a coarse grid or noise parameters); fitness is the log softmax of
 * the target (for `any`, of the best class). The best image ever seen is returned, so the curve
 * (best of each generation) may dip while the result never does.
 */
export async function evolutionSearch(
  model: ForwardPass,
  space: PixelSpace,
  encoding: Encoding,
  settings: EvolutionSettings,
): Promise<SearchOutcome> {
  const es = new EvolutionStrategy({
    mean: encoding.start,
    lower: encoding.lower,
    upper: encoding.upper,
    sigma: encoding.sigma,
    population: settings.population,
    seed: settings.seed,
  });
  const first = encoding.decode(encoding.start);
  const initial = await fitnessOf([first]);
  let best = { pixels: first.pixels!, params: first.params, ...initial[0]! };
  const curve = [Math.exp(best.fitness)];
  let evaluations = 1;
  settings.onIteration(0, Math.exp(best.fitness), best.target);
  if (Math.exp(best.fitness) >= settings.goal) return done('goal', 0);
  for (let generation = 1; generation <= settings.budget; generation++) {
    settings.checkAborted();
    const points = es.ask();
    const candidates = points.map((z) => encoding.decode(z));
    const scored = await fitnessOf(candidates);
    evaluations += candidates.filter((c) => c.pixels).length;
    es.tell(
      points,
      scored.map((s) => s.fitness),
    );
    let top = Number.NEGATIVE_INFINITY;
    scored.forEach((s, i) => {
      top = Math.max(top, s.fitness);
      if (s.fitness > best.fitness)
        best = { pixels: candidates[i]!.pixels!, params: candidates[i]!.params, ...s };
    });
    curve.push(Math.exp(top));
    settings.onIteration(generation, Math.exp(best.fitness), best.target);
    if (Math.exp(best.fitness) >= settings.goal) return done('goal', generation);
  }
  return done('budget', settings.budget);

  function done(stopReason: SearchOutcome['stopReason'], iterations: number): SearchOutcome {
    return {
      best: best.pixels,
      target: best.target,
      curve,
      iterations,
      evaluations,
      stopReason,
      ...(best.params ? { params: best.params } : {}),
    };
  }

  async function fitnessOf(candidates: readonly Candidate[]): Promise<{ fitness: number; target: number }[]> {
    const feasible = candidates.filter((c) => c.pixels !== null).map((c) => c.pixels!);
    const scored = feasible.length ? await scoreImages(model, space, feasible, settings.batchSize) : null;
    let row = 0;
    return candidates.map((c) => {
      if (!c.pixels || !scored) return { fitness: Number.NEGATIVE_INFINITY, target: 0 };
      const r = row++;
      const target =
        settings.target === 'any' ? argmaxRow(scored.logProbs, r, scored.classes) : settings.target;
      return { fitness: scored.logProbs[r * scored.classes + target]!, target };
    });
  }
}
