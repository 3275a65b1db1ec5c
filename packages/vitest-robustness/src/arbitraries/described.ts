import type fc from 'fast-check';
import { jsLiteral } from '../js-literal.js';

const sources = new WeakMap<object, string>();

/**
 * Records the call that built `arbitrary` (e.g. `gaussianNoise({ width: 28, height: 28 })`), so
 * a failing property's replay line can name it.
 */
export function described<T>(name: string, constraints: object, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const args = Object.values(constraints).some((v) => v !== undefined) ? jsLiteral(constraints) : '';
  sources.set(arbitrary, `${name}(${args})`);
  return arbitrary;
}

/** The call that rebuilds `arbitrary`, when one of this package's factories made it. */
export function arbitrarySource(arbitrary: fc.Arbitrary<unknown>): string | undefined {
  return sources.get(arbitrary);
}
