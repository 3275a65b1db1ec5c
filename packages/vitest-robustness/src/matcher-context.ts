/**
 * The part of vitest's `MatcherState` the matchers read. Declared here so the package has no
 * runtime or type dependency on vitest (an optional peer): vitest's state is assignable to it,
 * and a plain call without `this` works too.
 */
export interface MatcherContext {
  readonly isNot?: boolean;
  readonly promise?: string;
  readonly currentTestName?: string;
  readonly utils?: {
    matcherHint(
      matcherName: string,
      received?: string,
      expected?: string,
      options?: { isNot?: boolean; promise?: string },
    ): string;
  };
}

/** What a matcher returns; vitest flips `pass` for `.not` and prints `message()` on failure. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/** The `expect(model).toX(options)` header line, or the bare name outside vitest. */
export function hint(context: MatcherContext | undefined, name: string, expected = 'options'): string {
  const utils = context?.utils;
  if (!utils) return `${name}()`;
  return utils.matcherHint(name, 'model', expected, { isNot: context.isNot, promise: context.promise });
}
