/**
 * The `q`-quantile (0–1) of ascending `sorted` values, interpolated linearly between the two
 * nearest ranks (numpy's default `linear` method).
 */
export function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}
