/**
 * Setup entry: list `@snowblind/vitest-robustness/vitest` in vitest's `setupFiles` (as with
 * `@testing-library/jest-dom/vitest`) and `toRejectNoise` / `toBeStableUnder` are available on
 * every `expect`, with types.
 * @packageDocumentation
 */
import { expect } from 'vitest';
import { robustnessMatchers } from './matchers.js';
import './vitest-types.js';

expect.extend(robustnessMatchers);
