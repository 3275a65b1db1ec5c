import type { Classifier } from './types.js';
import { withPredict } from './with-predict.js';

/** A Classifier that forwards to another one and keeps a copy of every output row. */
export interface OutputTap {
  readonly classifier: Classifier;
  /** Every output value so far, in call order (rows of `numClasses`). */
  outputs(): Float32Array;
}

/**
 * Wraps `model` so that its raw output rows (e.g. full logits) can be read after an audit, which
 * keeps per sample only the top-k, max logit and energy. `runAudit` calls `predict` in image
 * order (one spec after the other), so row r of {@link OutputTap.outputs} is the r-th image
 * classified. Disposing the wrapper disposes `model`.
 */
export function tapOutputs(model: Classifier): OutputTap {
  const chunks: Float32Array[] = [];
  const classifier = withPredict(model, async (input, n) => {
    const out = await model.predict(input, n);
    // Engines may reuse their output buffer for the next batch: copy.
    chunks.push(out.slice(0, n * model.numClasses));
    return out;
  });
  return {
    classifier,
    outputs() {
      const total = chunks.reduce((sum, c) => sum + c.length, 0);
      const all = new Float32Array(total);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      return all;
    },
  };
}
