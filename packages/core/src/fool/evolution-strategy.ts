import { normalStream } from '../attribution/index.js';

/** Settings of an {@link EvolutionStrategy}. */
export interface EsSettings {
  /** Start mean; its length is the search dimension. */
  readonly mean: Float64Array;
  /** Box every coordinate is repaired into after mutation. */
  readonly lower: number;
  readonly upper: number;
  /** Initial mutation step. */
  readonly sigma: number;
  /** λ, offspring per generation (μ = ⌊λ/2⌋ parents). */
  readonly population: number;
  readonly seed: number;
}

/**
 * A (μ/μ_w, λ) evolution strategy with isotropic mutations and cumulative step-size adaptation,
 * i.e. CMA-ES without the covariance matrix (Hansen, "The CMA Evolution Strategy: A Tutorial",
 * https://arxiv.org/abs/1604.00772, constants of its Table 1). Nguyen, Yosinski & Clune (2015,
 * https://arxiv.org/abs/1412.1897) fooled networks with evolutionary algorithms that need only
 * forward passes; this is the smallest strategy that adapts its own step size, which matters
 * because the useful step shrinks by orders of magnitude as the confidence saturates.
 *
 * Ask/tell, maximising. Candidates are repaired into the box (clipped) and the repaired points
 * are what recombination uses, so the mean never leaves the feasible box. Deterministic per seed.
 */
export class EvolutionStrategy {
  private readonly mean: Float64Array;
  private readonly path: Float64Array;
  private readonly weights: Float64Array;
  private readonly muEff: number;
  private readonly cSigma: number;
  private readonly dSigma: number;
  private readonly chi: number;
  private readonly normal: () => number;
  private sigma: number;

  constructor(private readonly settings: EsSettings) {
    const n = settings.mean.length;
    this.mean = Float64Array.from(settings.mean);
    this.path = new Float64Array(n);
    this.sigma = settings.sigma;
    const mu = Math.max(1, Math.floor(settings.population / 2));
    const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
    const total = raw.reduce((a, b) => a + b, 0);
    this.weights = Float64Array.from(raw, (w) => w / total);
    this.muEff = 1 / this.weights.reduce((a, w) => a + w * w, 0);
    this.cSigma = (this.muEff + 2) / (n + this.muEff + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((this.muEff - 1) / (n + 1)) - 1) + this.cSigma;
    this.chi = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.normal = normalStream(settings.seed);
  }

  /** Current mutation step. */
  get stepSize(): number {
    return this.sigma;
  }

  /** λ new candidates around the mean. */
  ask(): Float64Array[] {
    const { lower, upper, population } = this.settings;
    return Array.from({ length: population }, () => {
      const y = new Float64Array(this.mean.length);
      for (let i = 0; i < y.length; i++) {
        const v = this.mean[i]! + this.sigma * this.normal();
        y[i] = Math.min(upper, Math.max(lower, v));
      }
      return y;
    });
  }

  /** Recombine the best μ of `candidates` (higher fitness is better; NaN counts as worst). */
  tell(candidates: readonly Float64Array[], fitness: readonly number[]): void {
    const order = candidates.map((_, i) => i);
    const f = (i: number) => (Number.isNaN(fitness[i]!) ? Number.NEGATIVE_INFINITY : fitness[i]!);
    order.sort((a, b) => f(b) - f(a) || a - b);
    const n = this.mean.length;
    const next = new Float64Array(n);
    for (let k = 0; k < this.weights.length; k++) {
      const y = candidates[order[k]!]!;
      const w = this.weights[k]!;
      for (let i = 0; i < n; i++) next[i] = next[i]! + w * y[i]!;
    }
    const c = this.cSigma;
    const scale = Math.sqrt(c * (2 - c) * this.muEff) / this.sigma;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      this.path[i] = (1 - c) * this.path[i]! + scale * (next[i]! - this.mean[i]!);
      norm += this.path[i]! * this.path[i]!;
      this.mean[i] = next[i]!;
    }
    // Keep σ meaningful: above the box it only clips, near zero it stops moving (and a zero σ
    // would divide by zero in the next path update).
    const range = Math.max(this.settings.upper - this.settings.lower, 1e-9);
    const sigma = this.sigma * Math.exp((c / this.dSigma) * (Math.sqrt(norm) / this.chi - 1));
    this.sigma = Number.isFinite(sigma) ? Math.min(range, Math.max(sigma, range * 1e-6)) : this.sigma;
  }
}
