/**
 * Setup entry: list `@snowblind/vitest-robustness/vitest` in vitest's `setupFiles` (as with
 * `@testing-library/jest-dom/vitest`) and `toRejectNoise` / `toBeStableUnder` are available on
 * every `expect`, with types.
 * @packageDocumentation
 */
import { chai, expect } from 'vitest';
import { robustnessMatchers } from './matchers.js';
import { failUnawaitedMatchers } from './unawaited.js';
import './vitest-types.js';

expect.extend(robustnessMatchers);
// A failing gate whose `await` was forgotten fails its test instead of passing silently.
failUnawaitedMatchers(chai as never, Object.keys(robustnessMatchers));
