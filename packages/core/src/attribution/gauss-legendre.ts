import { checkInteger } from './batch.js';

/** Nodes (ascending) and weights of n-point Gauss–Legendre quadrature on [−1, 1]. */
export interface GaussLegendre {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * n-point Gauss–Legendre quadrature on [−1, 1], in float64, the same rule as numpy's
 * `numpy.polynomial.legendre.leggauss(n)` (nodes ascending; agreement ~1e-15).
 *
 * @remarks Newton's method on Pₙ from the Tricomi initial guess cos(π(i + ¾)/(n + ½)), with Pₙ
 * and Pₙ′ from the three-term recurrence; it converges quadratically from that guess for any n.
 * As numpy does, nodes and weights are then symmetrised and the weights rescaled to sum to 2,
 * which removes the last bit of rounding asymmetry.
 */
export function gaussLegendre(n: number): GaussLegendre {
  checkInteger('gauss-legendre point count', n, 1);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Recurrence: (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}.
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < n; k++) {
        const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pPrev = n === 1 ? 1 : p0;
      derivative = (n * (x * pn - pPrev)) / (x * x - 1);
      const dx = pn / derivative;
      x -= dx;
      if (Math.abs(dx) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    // The guess for i = 0 is the largest root, so fill from the end for ascending order.
    nodes[n - 1 - i] = x;
    weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  const symNodes = new Float64Array(n);
  const symWeights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    symNodes[i] = (nodes[i]! - nodes[n - 1 - i]!) / 2;
    symWeights[i] = (weights[i]! + weights[n - 1 - i]!) / 2;
    total += symWeights[i]!;
  }
  for (let i = 0; i < n; i++) symWeights[i] = (symWeights[i]! * 2) / total;
  return { nodes: symNodes, weights: symWeights };
}
