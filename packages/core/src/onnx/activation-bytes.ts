/**
 * How many bytes of activations one example keeps alive in a forward+backward pass, estimated
 * from shape inference, so callers can size their batches to a memory budget.
 */
import type { ValueInfo } from './shape-inference.js';

/** Bytes per element of the float tensors the gradient graph computes in (float32). */
const FLOAT_BYTES = 4;

/**
 * Σ over the float tensors computed from the model input of their size per example, in bytes:
 * the forward activations the backward pass reads back. Unknown dims count as 1 (the batch is
 * the only unknown dim a differentiable model has), tensors of unknown rank as 0.
 *
 * @param tensors - the differentiated tensors (computed from the input through float tensors)
 * @param fixedBatch - the input's static batch size, when it has one: sizes are divided by it
 */
export function activationBytesPerExample(
  tensors: Iterable<string>,
  info: (name: string) => ValueInfo | undefined,
  fixedBatch: number | null,
): number {
  let elements = 0;
  for (const name of tensors) {
    const dims = info(name)?.dims;
    if (!dims) continue;
    elements += dims.reduce<number>((a, d) => a * (d ?? 1), 1);
  }
  return (elements * FLOAT_BYTES) / (fixedBatch ?? 1);
}
