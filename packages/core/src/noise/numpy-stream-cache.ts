import type { NumpyRandomState } from './numpy-random.js';

/** A numpy stream snapshot: the state right before image `next` is drawn. */
export interface StreamPosition {
  readonly next: number;
  readonly state: NumpyRandomState;
}

const MAX_STREAMS = 32;

/**
 * Remembers, per numpy-mode spec, the most recent stream position, so that generating
 * images 0..99 then 100..199 (or calling `noiseImage` for 0, 1, 2, …) does not replay the
 * stream from the seed each time. Least recently used specs are evicted past 32 entries
 * (each entry is one MT19937 state, ~2.5 KB).
 */
export class NumpyStreamCache {
  private readonly entries = new Map<string, StreamPosition>();

  /** A private copy of the closest cached position at or before `index`, if any. */
  take(key: string, index: number): StreamPosition | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || hit.next > index) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return { next: hit.next, state: hit.state.clone() };
  }

  /** Records the position (the state is copied; the caller keeps using its own). */
  put(key: string, next: number, state: NumpyRandomState): void {
    this.entries.delete(key);
    this.entries.set(key, { next, state: state.clone() });
    if (this.entries.size > MAX_STREAMS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
