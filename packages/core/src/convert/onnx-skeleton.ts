/**
 * The empty ONNX model a TF.js converter fills in: one NHWC float input with a dynamic batch,
 * float32 initializers for the weights, and a {@link GraphBuilder} that appends nodes under
 * fresh names.
 */
import { ONNX_DATA_TYPE as DT, float32Tensor, GraphBuilder } from '../onnx/index.js';
import type { OnnxModel, OnnxValueInfo } from '../onnx/types.js';

/** Opset the converters emit (LayerNormalization needs 17; onnxruntime-node 1.2x supports it). */
export const CONVERTED_OPSET = 17;

/** Name of the converted model's image input. */
export const CONVERTED_INPUT = 'input';

/** A model under construction: append nodes with `builder`, then call {@link finishSkeleton}. */
export interface OnnxSkeleton {
  readonly model: OnnxModel;
  readonly builder: GraphBuilder;
  /** Name of the image input (NHWC, as the TF.js model takes it). */
  readonly input: string;
}

/**
 * Start a converted model.
 *
 * @param inputShape - the TF.js input shape without the batch dim (`[H, W, C]` for images);
 * `null` entries stay symbolic.
 */
export function createSkeleton(inputShape: readonly (number | null)[], producer: string): OnnxSkeleton {
  const model: OnnxModel = {
    irVersion: 8,
    producerName: 'snowblind',
    producerVersion: producer,
    opsetImport: [{ domain: '', version: CONVERTED_OPSET }],
    graph: {
      name: 'converted',
      node: [],
      initializer: [],
      input: [valueInfo(CONVERTED_INPUT, [null, ...inputShape], 'batch')],
      output: [],
    },
  };
  return { model, builder: new GraphBuilder(model.graph, DT.FLOAT, 'tfjs'), input: CONVERTED_INPUT };
}

/** Add a float32 weight as an initializer under a fresh name; returns that name. */
export function addWeight(
  skeleton: OnnxSkeleton,
  hint: string,
  values: ArrayLike<number>,
  dims: readonly number[],
): string {
  const name = skeleton.builder.fresh(hint);
  skeleton.model.graph.initializer!.push(float32Tensor(name, dims, values));
  return name;
}

/**
 * Overwrite an initializer made by {@link addWeight} (e.g. a conv kernel a following batch norm
 * was folded into), or add it under exactly that name when it does not exist yet.
 */
export function setWeight(
  skeleton: OnnxSkeleton,
  name: string,
  values: ArrayLike<number>,
  dims: readonly number[],
): void {
  const initializers = skeleton.model.graph.initializer!;
  const tensor = float32Tensor(name, dims, values);
  const at = initializers.findIndex((t) => t.name === name);
  if (at >= 0) initializers[at] = tensor;
  else initializers.push(tensor);
}

/**
 * Declare `output` the model's single output (`[batch, classes]` for a classifier) and return the
 * model.
 */
export function finishSkeleton(
  skeleton: OnnxSkeleton,
  output: string,
  dims: readonly (number | null)[],
): OnnxModel {
  skeleton.model.graph.output = [valueInfo(output, dims, 'batch')];
  return skeleton.model;
}

function valueInfo(name: string, dims: readonly (number | null)[], batchParam: string): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DT.FLOAT,
        shape: {
          dim: dims.map((d, i) =>
            d === null || d === undefined || d < 0
              ? { dimParam: i === 0 ? batchParam : `d${i}` }
              : { dimValue: d },
          ),
        },
      },
    },
  };
}
