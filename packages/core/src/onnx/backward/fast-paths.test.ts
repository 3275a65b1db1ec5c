/**
 * The NCHWc-friendly formulations (blocked.ts) and the batch annotations (batch-dims.ts): exact
 * Jacobians on edge values, finite differences, and which ops the gradient model uses.
 */
import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, ints, TinyGraph } from '../../../test/fixtures/onnx/tiny-graph.js';
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
