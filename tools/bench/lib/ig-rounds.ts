/**
 * The bench's IG comparison in rounds: each round runs one snowblind explanation and one PyTorch
 * one in child processes, the order alternating between rounds, so a change of machine load hits
 * both sides; the speedup is the median of the per-round ratios (as `onnx-gradients.ts` does
 * batch by batch).
 */

interface Measured<T> {
  readonly result: T;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly wallSeconds: number;
}

/** One round: snowblind's and PyTorch's time for the same explanation. */
export interface IgRound<S, T> {
  snowblind?: Measured<S>;
  torch?: Measured<T>;
}

/** The IG section of a report: rounds (runs before rounds had one measurement per side). */
export interface IgSection<S, T> {
  snowblind?: Measured<S>;
  torch?: Measured<T>;
  rounds?: IgRound<S, T>[];
}

type Snowblind = { secondsPerExplanation: number };
type Torch = { ig?: { secondsPerExplanation: number } };

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The section's rounds; a report from before rounds counts as one. */
export function igRounds<S, T>(ig: IgSection<S, T>): IgRound<S, T>[] {
  if (ig.rounds) return ig.rounds;
  return ig.snowblind || ig.torch ? [{ snowblind: ig.snowblind, torch: ig.torch }] : [];
}

/** Median seconds of each side and the median of the per-round speedups (PyTorch ÷ snowblind). */
export function igSummary<S extends Snowblind, T extends Torch>(
  ig: IgSection<S, T>,
): { igSnowblindSeconds?: number; igTorchSeconds?: number; igSpeedup?: number; igRatios: number[] } {
  const rounds = igRounds(ig);
  const ours = rounds.map((r) => r.snowblind?.result.secondsPerExplanation);
  const theirs = rounds.map((r) => r.torch?.result.ig?.secondsPerExplanation);
  const ratios = rounds.flatMap((_, i) => {
    const a = ours[i];
    const b = theirs[i];
    return a !== undefined && b !== undefined ? [b / a] : [];
  });
  return {
    igSnowblindSeconds: median(ours.filter((v) => v !== undefined)),
    igTorchSeconds: median(theirs.filter((v) => v !== undefined)),
    igSpeedup: median(ratios),
    igRatios: ratios,
  };
}
