/** Statuses after which a single-shot job publishes nothing more. */
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED']);

/** True for a status after which nothing more is published. */
export function isFinal(status: string): boolean {
  return FINAL.has(status);
}

/**
 * A subscription's stream for one job: its current state first (so a late subscriber still sees
 * where it is), then every published event until one carries a final status. `events` must be
 * subscribed before `current` is read, so no event falls between the two.
 */
export async function* untilFinal<E extends { readonly status: string }>(
  events: AsyncIterable<E>,
  current: () => E,
): AsyncGenerator<E> {
  const iterator = events[Symbol.asyncIterator]();
  try {
    const first = current();
    yield first;
    if (isFinal(first.status)) return;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
      if (isFinal(next.value.status)) return;
    }
  } finally {
    await iterator.return?.();
  }
}
