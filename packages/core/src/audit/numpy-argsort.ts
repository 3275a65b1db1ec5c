/**
 * numpy 1.24's default `argsort(kind='quicksort')` for integer keys (`aquicksort_` in
 * `numpy/core/src/npysort/quicksort.cpp`): introsort with median-of-three partitioning,
 * insertion sort below 17 elements and a heapsort fallback past 2·log2(n) levels.
 *
 * It is not stable, and pandas 1.5's `value_counts()` inherits that instability for ties, so
 * reproducing pandas' order needs this exact algorithm rather than any stable sort.
 */
export function numpyArgsortQuick(keys: ArrayLike<number>): Int32Array {
  const num = keys.length;
  const tosort = new Int32Array(num);
  for (let i = 0; i < num; i++) tosort[i] = i;
  if (num < 2) return tosort;
  const v = (p: number): number => keys[tosort[p]!]!;
  const swap = (a: number, b: number): void => {
    const t = tosort[a]!;
    tosort[a] = tosort[b]!;
    tosort[b] = t;
  };
  const SMALL_QUICKSORT = 16;
  const stack: number[] = [];
  const depthStack: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = (31 - Math.clz32(num)) * 2; // npy_get_msb(num) * 2
  for (;;) {
    if (cdepth < 0) {
      heapsortRange(keys, tosort, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v(pm) < v(pl)) swap(pm, pl);
        if (v(pr) < v(pm)) swap(pr, pm);
        if (v(pm) < v(pl)) swap(pm, pl);
        const vp = v(pm);
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v(pi) < vp);
          do --pj;
          while (vp < v(pj));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // Push the larger partition, continue with the smaller one.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depthStack.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = tosort[pi]!;
        const vv = keys[vi]!;
        let pj = pi;
        while (pj > pl && vv < keys[tosort[pj - 1]!]!) {
          tosort[pj] = tosort[pj - 1]!;
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depthStack.pop()!;
  }
  return tosort;
}

/** numpy's `aheapsort_` on `tosort[start .. start+n)` (1-based heap, as in the C source). */
function heapsortRange(keys: ArrayLike<number>, tosort: Int32Array, start: number, n: number): void {
  // a[k] for k in 1..n maps to tosort[start + k - 1].
  const get = (k: number): number => tosort[start + k - 1]!;
  const set = (k: number, x: number): void => {
    tosort[start + k - 1] = x;
  };
  let i: number;
  let j: number;
  let tmp: number;
  for (let l = n >> 1; l > 0; --l) {
    tmp = get(l);
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && keys[get(j)]! < keys[get(j + 1)]!) j += 1;
      if (keys[tmp]! < keys[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  for (; n > 1; ) {
    tmp = get(n);
    set(n, get(1));
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && keys[get(j)]! < keys[get(j + 1)]!) j++;
      if (keys[tmp]! < keys[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}
