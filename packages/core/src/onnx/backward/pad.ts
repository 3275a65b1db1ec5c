/**
 * Pad. Constant padding is cropped back off with a negative Pad. Reflect, edge and wrap padding
 * copy input values to the border, so the gradient of every copy accumulates onto its source: per
 * padded axis that is a 0/1 matrix (input × output) applied with one MatMul.
 *
 * Negative pads crop first, as onnxruntime does: reflection and replication happen about the
 * cropped extent.
 */
import { SnowblindError } from '../../errors.js';
import { attrString, nodeLabel } from '../attributes.js';
import { alongAxis } from './axis-matrix.js';
import { constantInput, normaliseAxis } from './constants.js';
import { type BackwardContext, type BackwardRule, grad0, rankedDims, SHAPE_HINT } from './context.js';

type CopyMode = 'reflect' | 'edge' | 'wrap';

const constantPad: BackwardRule = (ctx, dy) => {
  const { node, b } = ctx;
  const [, pads, , axes] = node.input!;
  const known = ctx.info(pads!)?.value;
  const negative = known?.every((v) => v !== null) ? b.int64(known.map((v) => -v!)) : b.op('Neg', [pads!]);
  // A negative pad crops: the gradient of padding is cropping the padded border away.
  return [b.op('Pad', axes ? [grad0(dy), negative, '', axes] : [grad0(dy), negative], { mode: 'constant' })];
};

const pad: BackwardRule = (ctx, dy) => {
  const mode = attrString(ctx.node, 'mode', 'constant');
  if (mode === 'constant') return constantPad(ctx, dy);
  if (mode !== 'reflect' && mode !== 'edge' && mode !== 'wrap') {
    throw new SnowblindError('UNSUPPORTED_OP', `Pad node ${nodeLabel(ctx.node)} uses mode ${mode}`, {
      hint: 'constant, reflect, edge and wrap padding are differentiated',
    });
  }
  return [copyPadGradient(ctx, grad0(dy), mode)];
};

function copyPadGradient(ctx: BackwardContext, dy: string, mode: CopyMode): string {
  const x = ctx.node.input![0]!;
  const dims = rankedDims(ctx, x);
  const rank = dims.length;
  const pads = constantInput(ctx, 1, 'pads') ?? [];
  const axes = (constantInput(ctx, 3, 'axes') ?? dims.map((_, i) => i)).map((a) => normaliseAxis(a, rank));
  let g = dy;
  axes.forEach((axis, j) => {
    const begin = pads[j] ?? 0;
    const end = pads[j + axes.length] ?? 0;
    if (begin === 0 && end === 0) return;
    const n = dims[axis];
    if (n === null || n === undefined) {
      throw new SnowblindError(
        'UNSUPPORTED_OP',
        `cannot differentiate Pad node ${nodeLabel(ctx.node)}: padded axis ${axis} has no static size`,
        { hint: SHAPE_HINT },
      );
    }
    const m = padSourceMatrix(n, begin, end, mode);
    g = alongAxis(ctx, g, axis, rank, m, n, n + begin + end);
  });
  return g;
}

/**
 * The `n × (n + begin + end)` matrix with a 1 at (source, output) for every output position of a
 * `mode` pad of an axis of size `n`: its product with the output gradient sums each source's
 * copies.
 */
export function padSourceMatrix(n: number, begin: number, end: number, mode: CopyMode): Float64Array {
  const lo = Math.max(0, -begin);
  const kept = n - lo - Math.max(0, -end);
  const cols = n + begin + end;
  const m = new Float64Array(n * cols);
  for (let j = 0; j < cols; j++) {
    const p = j - Math.max(0, begin);
    m[(lo + sourceIndex(p, kept, mode)) * cols + j]! += 1;
  }
  return m;
}

function sourceIndex(p: number, n: number, mode: CopyMode): number {
  if (mode === 'edge') return Math.min(Math.max(p, 0), n - 1);
  if (mode === 'wrap') return ((p % n) + n) % n;
  if (n === 1) return 0;
  // Reflect about the first and last elements (not repeating them), bouncing as often as needed.
  const period = 2 * (n - 1);
  const q = ((p % period) + period) % period;
  return q < n ? q : period - q;
}

export const PAD_RULES: Record<string, BackwardRule> = { Pad: pad };
