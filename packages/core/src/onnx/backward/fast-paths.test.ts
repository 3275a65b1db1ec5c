/**
 * The NCHWc-friendly formulations (blocked.ts) and the batch annotations (batch-dims.ts): exact
 * Jacobians on edge values, finite differences, and which ops the gradient model uses.
 */
import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, ints, TinyGraph } from '../../../test/tiny-graph.js';
import { batchLeadingTensors } from '../batch-dims.js';
import { buildGradientModel } from '../gradient-model.js';
import { createOnnxGradientRunner } from '../gradient-runner.js';
import { parseOnnxModel } from '../model.js';
import { inferShapes } from '../shape-inference.js';

/**
 * Gradient rows of every output class for one example `x` (a batch of copies, target i for row i):
 * dy is exactly one-hot, so the rows are the exact Jacobian as onnxruntime computes it.
 */
async function jacobianRows(bytes: Uint8Array, x: Float32Array) {
  const runner = await createOnnxGradientRunner(bytes);
  try {
    const k = runner.numClasses;
    const batch = new Float32Array(k * x.length);
    for (let i = 0; i < k; i++) batch.set(x, i * x.length);
    const targets = Array.from({ length: k }, (_, i) => i);
    return (await runner.forwardBackward(batch, k, targets)).gradients;
  } finally {
    await runner.dispose();
  }
}

const seeded = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed));

describe('ReLU mask on channel-blocked tensors', () => {
  it('passes dy exactly where y > 0, subnormals and huge values included', async () => {
    const t = new TinyGraph(['N', 16, 2, 2]);
    const y = t.op('Relu', [t.x]);
    const bytes = t.bytes(t.op('Flatten', [y], { axis: { int: 1 } }));
    const special = [0, -0, 1e-45, 1e-40, 1.2e-38, -1e-45, 3e38, -3e38, 1, -1, 2 ** -127, 0.5, 7];
    const x = Float32Array.from({ length: 64 }, (_, i) => special[i % special.length]!);
    const rows = await jacobianRows(bytes, x);
    for (let i = 0; i < 64; i++)
      for (let j = 0; j < 64; j++) expect(rows[i * 64 + j]).toBe(i === j && x[j]! > 0 ? 1 : 0);
  });

  it('uses Mul with a fused-activation Conv mask for blocked channels, Where otherwise', () => {
    const ops = (channels: number) => {
      const t = new TinyGraph(['N', channels, 3, 3]);
      const model = parseOnnxModel(t.bytes(t.head(t.op('Relu', [t.x]))));
      const grad = parseOnnxModel(buildGradientModel(model).bytes);
      return grad.graph.node!.map((n) => n.opType);
    };
    expect(ops(32)).toContain('HardSigmoid');
    expect(ops(32)).not.toContain('Where');
    expect(ops(12)).toContain('Where');
  });
});

describe('GlobalAveragePool backward on channel-blocked tensors', () => {
  it('spreads dy / area exactly', async () => {
    const t = new TinyGraph(['N', 16, 3, 5]);
    const pooled = t.op('GlobalAveragePool', [t.x]);
    const bytes = t.bytes(t.op('Flatten', [pooled], { axis: { int: 1 } }));
    const rows = await jacobianRows(bytes, seeded(16 * 15, 2));
    for (let i = 0; i < 16; i++)
      for (let j = 0; j < 16 * 15; j++)
        expect(rows[i * 240 + j]).toBe(Math.floor(j / 15) === i ? Math.fround(1 / 15) : 0);
  });
});

/** PyTorch's max_pool2d backward: each window's first maximum (row-major) gets its dy. */
function firstMaxCounts(x: Float32Array, h: number, w: number, k: number, s: number, p: number): number[] {
  const counts = new Array<number>(h * w).fill(0);
  const out = Math.floor((h + 2 * p - k) / s) + 1;
  const outW = Math.floor((w + 2 * p - k) / s) + 1;
  for (let oy = 0; oy < out; oy++)
    for (let ox = 0; ox < outW; ox++) {
      let best = -1;
      for (let a = 0; a < k; a++)
        for (let e = 0; e < k; e++) {
          const y = oy * s - p + a;
          const xx = ox * s - p + e;
          if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
          if (best < 0 || x[y * w + xx]! > x[best]!) best = y * w + xx;
        }
      counts[best]! += 1;
    }
  return counts;
}

describe('MaxPool backward (indices from a twin pool)', () => {
  it.each([
    [3, 2, 1, 7, 6],
    [3, 2, 1, 8, 8],
    [2, 2, 0, 6, 5],
    [3, 1, 1, 5, 5],
    [3, 3, 0, 9, 7],
  ])(
    'kernel %i stride %i pads %i on %i×%i with ties: first maxima, overlaps summed',
    async (k, s, p, h, w) => {
      const t = new TinyGraph(['N', 16, h, w]);
      const pooled = t.op('MaxPool', [t.x], {
        kernel_shape: ints([k, k]),
        strides: ints([s, s]),
        pads: ints([p, p, p, p]),
      });
      const flat = t.op('Flatten', [pooled], { axis: { int: 1 } });
      const features = t
        .dims(pooled)
        .slice(1)
        .reduce<number>((a, d) => a * d!, 1);
      const bytes = t.bytes(
        t.op('Gemm', [flat, t.values([1, features], new Array(features).fill(1))], { transB: { int: 1 } }),
      );
      // Few distinct values: most windows hold ties, at zero and at positive values.
      const x = Float32Array.from(
        { length: 16 * h * w },
        (_, i) => [0, 1, 2, 1, 0, 2, 2][(i * 5 + (i >> 3)) % 7]!,
      );
      const gradient = await jacobianRows(bytes, x);
      for (let c = 0; c < 16; c++) {
        const plane = x.subarray(c * h * w, (c + 1) * h * w);
        const expected = firstMaxCounts(plane, h, w, k, s, p);
        expect(Array.from(gradient.subarray(c * h * w, (c + 1) * h * w))).toEqual(expected);
      }
    },
  );
});

describe('Tanh', () => {
  it('agrees with finite differences', async () => {
    const t = new TinyGraph(['N', 3, 4, 4]);
    const y = t.op('Tanh', [t.op('Mul', [t.x, t.values([], [1.5])])]);
    const report = await finiteDifferenceCheck(t.bytes(t.head(y)));
    expect(report.maxRelativeError, JSON.stringify(report)).toBeLessThan(2e-3);
  });
});

describe('batch-leading tensors', () => {
  it('follows dim 0 through convs, residual adds and Flatten, not through a Reshape that merges it', () => {
    const t = new TinyGraph(['N', 16, 4, 4]);
    const c = t.op('Conv', [t.x, t.weight([16, 16, 3, 3])], { pads: ints([1, 1, 1, 1]) });
    const sum = t.op('Add', [c, t.x]);
    const biased = t.op('Add', [sum, t.weight([16, 1, 1])]);
    const flat = t.op('Flatten', [biased], { axis: { int: 1 } });
    const merged = t.op('Reshape', [biased, t.int64([-1, 4, 4])]);
    const transposed = t.op('Transpose', [biased], { perm: ints([1, 0, 2, 3]) });
    t.bytes(flat);
    const infos = inferShapes(t.graph);
    const leading = batchLeadingTensors(t.graph.node!, 'x', (name) => infos.get(name));
    expect([c, sum, biased, flat].every((name) => leading.has(name))).toBe(true);
    expect(leading.has(merged)).toBe(false);
    expect(leading.has(transposed)).toBe(false);
  });

  it('annotates gradients with the symbolic batch', () => {
    const t = new TinyGraph(['N', 16, 4, 4]);
    const model = parseOnnxModel(t.bytes(t.head(t.op('Relu', [t.x]))));
    const grad = parseOnnxModel(buildGradientModel(model).bytes);
    const annotated = grad.graph.valueInfo ?? [];
    expect(annotated.length).toBeGreaterThan(0);
    for (const info of annotated) expect(info.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('N');
  });
});
