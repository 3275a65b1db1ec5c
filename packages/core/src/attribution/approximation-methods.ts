import { SnowblindError } from '../errors.js';
import { checkInteger } from './batch.js';
import { gaussLegendre } from './gauss-legendre.js';

/** How Integrated Gradients approximates its path integral (Captum's `method`). */
export const APPROXIMATION_METHODS = [
  'gausslegendre',
  'riemann_left',
  'riemann_right',
  'riemann_middle',
  'riemann_trapezoid',
] as const;

/** One of {@link APPROXIMATION_METHODS}. */
export type ApproximationMethod = (typeof APPROXIMATION_METHODS)[number];

/** Points α ∈ [0, 1] on the straight path and the weight (step size) of each. */
export interface ApproximationParameters {
  readonly alphas: Float64Array;
  readonly stepSizes: Float64Array;
}

function linspace(start: number, end: number, n: number): Float64Array {
  const out = new Float64Array(n);
  // numpy's linspace: start + i·step, with the last point pinned to `end`.
  const step = n > 1 ? (end - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  if (n > 1) out[n - 1] = end;
  return out;
}

/**
 * The quadrature points and weights Captum uses for `n` steps of `method`.
 *
 * @remarks gausslegendre: α = ½(1 + node), w = ½·weight. Riemann rules: weights 1/n at
 * α = linspace(0, 1 − 1/n) (left), linspace(1/n, 1) (right), linspace(1/2n, 1 − 1/2n) (middle),
 * linspace(0, 1) (trapezoid, with the first and last weight halved — so the weights sum to
 * (n − 1)/n, as in Captum). Riemann rules need n > 1.
 */
export function approximationParameters(method: ApproximationMethod, n: number): ApproximationParameters {
  checkInteger('nSteps', n, 1);
  if (method === 'gausslegendre') {
    const { nodes, weights } = gaussLegendre(n);
    return {
      alphas: nodes.map((x) => 0.5 * (1 + x)),
      stepSizes: weights.map((w) => 0.5 * w),
    };
  }
  if (!(APPROXIMATION_METHODS as readonly string[]).includes(method)) {
    throw new SnowblindError('BAD_INPUT', `unknown integration method "${method}"`, {
      hint: `use one of ${APPROXIMATION_METHODS.join(', ')}`,
    });
  }
  if (n < 2) {
    throw new SnowblindError('BAD_INPUT', `${method} needs nSteps > 1, got ${n}`);
  }
  const stepSizes = new Float64Array(n).fill(1 / n);
  let alphas: Float64Array;
  switch (method) {
    case 'riemann_left':
      alphas = linspace(0, 1 - 1 / n, n);
      break;
    case 'riemann_right':
      alphas = linspace(1 / n, 1, n);
      break;
    case 'riemann_middle':
      alphas = linspace(1 / (2 * n), 1 - 1 / (2 * n), n);
      break;
    default:
      alphas = linspace(0, 1, n);
      stepSizes[0] = 1 / (2 * n);
      stepSizes[n - 1] = 1 / (2 * n);
  }
  return { alphas, stepSizes };
}
