import { SnowblindError } from '../errors.js';
import { NOISE_KIND_INFO, type ResolvedNoiseSpec } from '../noise/index.js';
import type { NoiseParams } from '../noise/types.js';
import { checkConstraints, type FoolConstraints } from './constraints.js';
import type { Encoding } from './evolution.js';
import type { PixelSpace } from './pixel-space.js';

/** One searched number: a scalar parameter, or one channel of a color. */
interface Dimension {
  readonly name: keyof NoiseParams;
  readonly channel: number | null;
  readonly integer: boolean;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The search space of a noise kind's own parameters (e.g. the Gaussian's mean and std), each
 * scaled to [0, 1] between its bounds. The noise draws (seed, index) stay fixed, so a found image
 * is literally image `index` of a valid noise spec: it is that kind of noise, only tuned.
 * Bounds: the kind's documented min/max, else 0–255 (gray levels); low-frequency's grid scale at
 * most the image side.
 * @throws SnowblindError `BAD_INPUT` for a kind without parameters (seed-wrap).
 */
export function noiseParamsDimensions(spec: ResolvedNoiseSpec, side: number): Dimension[] {
  const dims: Dimension[] = [];
  for (const p of NOISE_KIND_INFO[spec.kind].params) {
    const upper = p.name === 'scale' ? Math.min(p.max ?? side, side) : (p.max ?? 255);
    const lower = p.min ?? 0;
    const integer = p.type !== 'number';
    if (p.type === 'color') {
      const color = spec.params.color ?? [];
      for (let c = 0; c < color.length; c++) dims.push({ name: p.name, channel: c, integer, lower, upper });
    } else {
      dims.push({ name: p.name, channel: null, integer, lower, upper });
    }
  }
  if (dims.length === 0) {
    throw new SnowblindError('BAD_INPUT', `noise kind '${spec.kind}' has no parameters to search`, {
      hint: 'use --noise gaussian, uniform, salt-pepper, low-frequency or constant with encoding noise-params',
    });
  }
  return dims;
}

/** Parameters of the point `u` (normalised), rounded where the kind wants whole numbers. */
export function paramsAt(spec: ResolvedNoiseSpec, dims: readonly Dimension[], u: Float64Array): NoiseParams {
  const out: Record<string, number | number[]> = {};
  dims.forEach((d, i) => {
    const raw = d.lower + Math.min(1, Math.max(0, u[i]!)) * (d.upper - d.lower);
    const value = d.integer ? Math.round(raw) : raw;
    if (d.channel === null) {
      out[d.name] = value;
      return;
    }
    const color = (out[d.name] as number[] | undefined) ?? [...(spec.params[d.name] as readonly number[])];
    color[d.channel] = value;
    out[d.name] = color;
  });
  // uniform needs low ≤ high: a search point past the diagonal means the same range swapped.
  if (spec.kind === 'uniform' && (out['low'] as number) > (out['high'] as number)) {
    [out['low'], out['high']] = [out['high']!, out['low']!];
  }
  return out as NoiseParams;
}

/**
 * The evolution's encoding over noise parameters. Candidates breaking a given L∞/L2/smoothness
 * bound (around the start image) are infeasible rather than repaired: repairing would leave the
 * noise kind.
 */
export function noiseParamsEncoding(
  space: PixelSpace,
  spec: ResolvedNoiseSpec,
  index: number,
  start: Uint8Array,
  constraints: FoolConstraints,
  sigma: number,
): Encoding {
  const dims = noiseParamsDimensions(spec, Math.max(space.height, space.width));
  const initial = Float64Array.from(dims, (d) => {
    const given = spec.params[d.name];
    const value = d.channel === null ? (given as number) : (given as readonly number[])[d.channel]!;
    return d.upper > d.lower
      ? (Math.min(d.upper, Math.max(d.lower, value)) - d.lower) / (d.upper - d.lower)
      : 0;
  });
  return {
    start: initial,
    lower: 0,
    upper: 1,
    sigma,
    decode(u) {
      const params = paramsAt(spec, dims, u);
      const bytes = space.noiseStart({ ...spec, params }, index).bytes;
      const feasible = checkConstraints(bytes, start, space, constraints).every((c) => c.held);
      return { pixels: feasible ? Float64Array.from(bytes) : null, params };
    },
  };
}
