import type { InputGeometry } from './input-geometry.js';

/**
 * Run `n` images through a model whose batch dim may be fixed (the zoo SqueezeNet is
 * [1,3,224,224]): chunks of `geometry.fixedBatch`, the last one padded with zeros, and only the
 * real rows kept. With a dynamic batch dim this is a single call.
 */
export async function runInFixedBatches(
  input: Float32Array,
  n: number,
  geometry: InputGeometry,
  numClasses: number,
  run: (chunk: Float32Array, count: number) => Promise<Float32Array>,
): Promise<Float32Array> {
  const step = geometry.fixedBatch ?? n;
  if (step === n) return run(input, n);
  const out = new Float32Array(n * numClasses);
  const size = geometry.size;
  for (let start = 0; start < n; start += step) {
    const count = Math.min(step, n - start);
    let chunk = input.subarray(start * size, (start + count) * size);
    if (count < step) {
      const padded = new Float32Array(step * size);
      padded.set(chunk);
      chunk = padded;
    }
    const rows = await run(chunk, step);
    out.set(rows.subarray(0, count * numClasses), start * numClasses);
  }
  return out;
}
