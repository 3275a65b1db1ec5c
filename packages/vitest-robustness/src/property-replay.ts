import type { NoiseSpec } from '@snowblind/core';
import type fc from 'fast-check';
import { arbitrarySource } from './arbitraries/described.js';
import { jsLiteral, RawCode } from './js-literal.js';
import type { RejectsNoiseOptions } from './property.js';

/**
 * `assertRejectsNoise(model, { …, arbitrary, seed, path })`: every option that decides which
 * noise is drawn and how it is judged (preset, classes, rules, the arbitrary), so the line
 * replays the counterexample exactly. Run-length options (`numRuns`, `endOnFailure`) do not
 * matter on a replay and are left out.
 */
export function propertyReplay(
  options: RejectsNoiseOptions,
  arbitrary: fc.Arbitrary<NoiseSpec>,
  seed: number,
  path: string | undefined,
): string {
  const {
    arbitrary: _given,
    numRuns: _runs,
    endOnFailure: _end,
    seed: _seed,
    path: _path,
    ...rest
  } = options;
  const source = arbitrarySource(arbitrary) ?? '<the arbitrary you passed>';
  // A registry object in `load` is this process's state, not something to type into a replay.
  const load = rest.load && { ...rest.load, registry: undefined };
  const replay = {
    ...rest,
    load,
    arbitrary: new RawCode(source),
    seed,
    ...(path === undefined ? {} : { path }),
  };
  return `assertRejectsNoise(model, ${jsLiteral(replay)})`;
}
