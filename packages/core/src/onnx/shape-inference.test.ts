import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck, int, ints, TinyGraph } from '../../test/tiny-graph.js';
import { isSnowblindError } from '../errors.js';
import { buildGradientModel } from './gradient-model.js';
import { parseOnnxModel } from './model.js';
import { inferShapes } from './shape-inference.js';

// The shape subgraphs below are the ones torch.onnx.export writes for a dynamic batch (read off
// torchvision's vit_b_16, shufflenet_v2 and swin_t exports): built from Shape(x), so their
// values are only known once the batch is.

/** Shape(x)[index] as a 1-element int64 vector. */
function dimOf(t: TinyGraph, x: string, index: number): string {
  const d = t.op('Gather', [t.op('Shape', [x]), t.int64([index], [])], { axis: int(0) });
  return t.op('Unsqueeze', [d, t.int64([0])]);
}

/** ViT's class token: `token.expand(n, -1, -1)`, exported through Equal/Where/ConstantOfShape. */
function classToken(t: TinyGraph, x: string, width: number): string {
  const shape = t.op('Concat', [dimOf(t, x, 0), t.int64([-1]), t.int64([-1])], { axis: int(0) });
  const minusOne = t.op('Equal', [shape, t.int64([-1])]);
  const ones = t.op('ConstantOfShape', [t.op('Shape', [shape])], {
    value: { tensor: { dims: [1], dataType: 7, int64Data: [1] } },
  });
  const target = t.op('Where', [minusOne, t.op('Mul', [ones, t.int64([-1], [])]), shape]);
  const fixed = t.op('Where', [t.op('Equal', [target, t.int64([-1])]), ones, target]);
  return t.op('Expand', [t.weight([1, 1, width]), fixed]);
}

describe('shape inference evaluates the shape subgraphs of dynamic-batch exports', () => {
  it('ViT: the class token expanded to the batch keeps its static sizes, and gradients check', async () => {
    const t = new TinyGraph(['batch', 3, 4, 4]);
    const tokens = t.op('Reshape', [t.x, t.int64([0, 3, 16])]);
    const y = t.op('Concat', [classToken(t, t.x, 16), tokens], { axis: int(1) });
    expect(t.dims(y)).toEqual([null, 4, 16]);
    const report = await finiteDifferenceCheck(t.bytes(t.head(y)));
    expect(report.maxRelativeError).toBeLessThan(2e-3);
  });

  it('ShuffleNet: Reshape with -1 after a Reshape to the batch from Shape', async () => {
    const t = new TinyGraph(['batch', 4, 3, 3]);
    const grouped = t.op('Concat', [dimOf(t, t.x, 0), t.int64([2, 2, 3, 3])], { axis: int(0) });
    const shuffled = t.op('Transpose', [t.op('Reshape', [t.x, grouped])], { perm: ints([0, 2, 1, 3, 4]) });
    const back = t.op('Concat', [dimOf(t, t.x, 0), t.int64([-1, 3, 3])], { axis: int(0) });
    const y = t.op('Reshape', [shuffled, back]);
    expect(t.dims(y)).toEqual([null, 4, 3, 3]);
    const report = await finiteDifferenceCheck(t.bytes(t.head(y)));
    expect(report.maxRelativeError).toBeLessThan(2e-3);
  });

  it("Swin: window padding computed with Mod, reversed through Slice and Transpose as torch's pad exports it", async () => {
    const t = new TinyGraph(['batch', 2, 5, 5]);
    const pad = (axis: number) => {
      const size = t.op('Gather', [t.op('Shape', [t.x]), t.int64([axis], [])], { axis: int(0) });
      const rest = t.op('Mod', [
        t.op('Sub', [t.int64([3], []), t.op('Mod', [size, t.int64([3], [])])]),
        t.int64([3], []),
      ]);
      return t.op('Unsqueeze', [rest, t.int64([0])]);
    };
    // torch's F.pad lists (last axis begin, end, next axis begin, end, …): exporters reverse it.
    const torchPads = t.op('Concat', [t.int64([0]), pad(3), t.int64([0]), pad(2), t.int64([0, 0, 0, 0])], {
      axis: int(0),
    });
    const pairs = t.op('Reshape', [torchPads, t.int64([-1, 2])]);
    const reversed = t.op('Slice', [pairs, t.int64([-1]), t.int64([-1000]), t.int64([0]), t.int64([-1])]);
    const onnxPads = t.op('Reshape', [t.op('Transpose', [reversed], { perm: ints([1, 0]) }), t.int64([-1])]);
    const y = t.op('Pad', [t.x, onnxPads]);
    expect(t.dims(onnxPads)).toEqual([8]);
    expect(t.dims(y)).toEqual([null, 2, 6, 6]);
    const report = await finiteDifferenceCheck(t.bytes(t.head(y)));
    expect(report.maxRelativeError).toBeLessThan(2e-3);
  });

  it('dims that depend on the batch stay unknown (batch × channels)', () => {
    const t = new TinyGraph(['batch', 3, 2]);
    const merged = t.op('Reshape', [t.x, t.int64([-1, 2])]);
    expect(t.dims(merged)).toEqual([null, 2]);
    const y = t.op('Reshape', [merged, t.op('Concat', [dimOf(t, t.x, 0), t.int64([6])], { axis: int(0) })]);
    expect(t.dims(y)).toEqual([null, 6]);
  });
});

describe('shape values', () => {
  it('Mod follows the divisor sign (Python %) unless fmod = 1; Range and Where evaluate', () => {
    const t = new TinyGraph(['batch', 2]);
    const a = t.int64([-7, 7]);
    const mod = t.op('Mod', [a, t.int64([3])]);
    const fmod = t.op('Mod', [t.values([2], [-7, 7]), t.values([1], [3])], { fmod: int(1) });
    const range = t.op('Range', [t.int64([1], []), t.int64([10], []), t.int64([3], [])]);
    const where = t.op('Where', [t.op('Equal', [range, t.int64([4])]), t.int64([0]), range]);
    const infos = inferShapes(t.graph);
    expect(infos.get(mod)?.value).toEqual([2, 1]);
    expect(infos.get(fmod)?.floats).toEqual([-1, 1]);
    expect(infos.get(range)).toMatchObject({ dims: [3], value: [1, 4, 7] });
    expect(infos.get(where)?.value).toEqual([1, 0, 7]);
  });
});

describe('a shape that is really unknown', () => {
  it('names the node and says how to fix the input sizes', () => {
    const t = new TinyGraph(['batch', 2, 'height', 3]);
    const y = t.op('Concat', [t.x, t.x], { axis: int(2) });
    const bytes = t.bytes(t.op('ReduceSum', [y, t.int64([1, 2, 3])], { keepdims: int(0) }));
    let error: unknown;
    try {
      buildGradientModel(parseOnnxModel(bytes));
    } catch (e) {
      error = e;
    }
    expect(isSnowblindError(error)).toBe(true);
    const { message, hint } = error as { message: string; hint?: string };
    expect(message).toMatch(/Concat node n\/Concat_\d+.*sizes of x are not known statically/);
    expect(hint).toContain('make_dynamic_shape_fixed');
    expect(hint).toContain('dynamic_axes only on dim 0');
  });
});
