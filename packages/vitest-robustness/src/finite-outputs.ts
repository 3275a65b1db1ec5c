import { type Classifier, SnowblindError, withPredict } from '@snowblind/core';

/**
 * Wraps `model` so that a NaN or ±Infinity in its output is a `BAD_MODEL` error naming the
 * value, the row of the batch and the class, instead of a sample "fooled at NaN" (softmax of a
 * row with NaN or +Infinity is NaN everywhere). The wrapper forwards everything else, gradients
 * included; disposing it disposes `model`.
 */
export function finiteOutputs(model: Classifier): Classifier {
  const checked = withPredict(model, async (input, n) => {
    const out = await model.predict(input, n);
    const values = Math.min(out.length, n * model.numClasses);
    for (let i = 0; i < values; i++) {
      if (!Number.isFinite(out[i]!)) throw nonFinite(model, out[i]!, i, n);
    }
    return out;
  });
  if (model.gradientModel) {
    const gradientModel = model.gradientModel.bind(model);
    return { ...checked, gradientModel };
  }
  return checked;
}

function nonFinite(model: Classifier, value: number, at: number, n: number): SnowblindError {
  const row = Math.floor(at / model.numClasses);
  const cls = at % model.numClasses;
  return new SnowblindError(
    'BAD_MODEL',
    `model "${model.id}" returned ${value} (image ${row + 1} of a batch of ${n}, class ${cls}): its ${model.outputKind} must be finite numbers`,
    {
      hint: 'Check the model on a real input first; a NaN usually means a division by zero or an overflow in the model (or a function model returning undefined values).',
    },
  );
}
