/**
 * numpy's pairwise summation (`pairwise_sum_DOUBLE` in `numpy/core/src/umath/loops_utils.h`),
 * reproduced operation for operation so that `mean` matches pandas bit for bit: blocks of at
 * most 128 values are summed with eight interleaved accumulators, longer runs are split in two
 * at a multiple of eight. `np.add.reduce` starts from the identity 0, which changes nothing.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += values[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r0 = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r0[j] = values[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r0[j]! += values[start + i + j]!;
    }
    let res = r0[0]! + r0[1]! + (r0[2]! + r0[3]!) + (r0[4]! + r0[5]! + (r0[6]! + r0[7]!));
    for (; i < n; i++) res += values[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(values, start, n2) + pairwiseSum(values, start + n2, n - n2);
}
