// Deep import: this file runs in the noise workers too (see noise-worker.ts).
import { readRegion } from '../image/preprocess.js';
import type { Preset } from '../image/types.js';
import type { ValueWindow } from '../kernel/index.js';

/**
 * The bytes of a height × width × channels noise image that preprocessing with `preset` reads,
 * as the noise kernel's value window, or `undefined` when it reads them all. @internal
 */
export function readWindow(
  preset: Preset,
  shape: { readonly height: number; readonly width: number; readonly channels: number },
): ValueWindow | undefined {
  const { height, width, channels } = shape;
  const region = readRegion(preset, height, width);
  if (region === null) return undefined;
  return {
    rowLength: width * channels,
    top: region.top,
    bottom: region.top + region.height,
    left: region.left * channels,
    right: (region.left + region.width) * channels,
  };
}
