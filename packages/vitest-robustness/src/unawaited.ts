/**
 * A forgotten `await` on an async matcher must not let a failing gate pass. vitest awaits its own
 * `.resolves`/`.rejects` assertions at the end of a test (with a warning), but not the promises
 * of `expect.extend` matchers: `expect(model).toRejectNoise()` without `await` ends the test
 * before the gate fails, and the failure is lost. This wraps the installed matchers so their
 * promise is recorded on the test like vitest's own, and a failure nobody awaited fails the test.
 */

/** The part of a vitest test task this needs (`test.promises` is awaited when the test ends). */
interface TestTask {
  promises?: Promise<unknown>[];
}

/** The part of chai's utils this needs. */
interface ChaiUtils {
  flag(object: object, key: string): unknown;
  overwriteMethod(
    target: object,
    name: string,
    method: (original: (...args: unknown[]) => unknown) => (this: object, ...args: unknown[]) => unknown,
  ): void;
}

/**
 * Wraps `names` on chai's `Assertion.prototype` so that a returned promise that is never awaited
 * (nor `.then`/`.catch`/`.finally`-ed) and rejects fails its test with a message saying so.
 */
export function failUnawaitedMatchers(
  chai: { Assertion: { prototype: object }; util: ChaiUtils },
  names: readonly string[],
): void {
  for (const name of names) {
    chai.util.overwriteMethod(
      chai.Assertion.prototype,
      name,
      (original) =>
        function (this: object, ...args: unknown[]) {
          const result = original.apply(this, args);
          const test = chai.util.flag(this, 'vitest-test') as TestTask | undefined;
          return test && result instanceof Promise ? watchAwait(test, result, name) : result;
        },
    );
  }
}

/**
 * `promise`, recorded on `test`: when the test function returns, vitest awaits `test.promises`,
 * and the recorded promise rejects if the assertion failed and nobody awaited it.
 */
export function watchAwait<T>(test: TestTask, promise: Promise<T>, name: string): PromiseLike<T> {
  let consumed = false;
  const watch = promise.then(
    () => undefined,
    (error: unknown) => {
      if (consumed) return;
      throw unawaitedError(name, error);
    },
  );
  // Handled here; vitest reads the outcome from test.promises.
  watch.catch(() => {});
  test.promises ??= [];
  test.promises.push(watch);
  const consume = () => {
    consumed = true;
    return promise;
  };
  return {
    // biome-ignore lint/suspicious/noThenProperty: this object stands for the matcher's promise.
    then: (onFulfilled, onRejected) => consume().then(onFulfilled, onRejected),
    catch: (onRejected: (reason: unknown) => unknown) => consume().catch(onRejected),
    finally: (onFinally: () => void) => consume().finally(onFinally),
    [Symbol.toStringTag]: 'Promise',
  } as PromiseLike<T>;
}

function unawaitedError(name: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(
    `${name}() failed, and it was not awaited: add \`await\` before expect(…).${name}(…), or the test ends before the check does.\n\n${message}`,
    { cause: error },
  );
  return wrapped;
}
