import type * as TF from '@tensorflow/tfjs';
import type { OnnxModel } from '../../onnx/types.js';
import { withImageSize } from '../image-size.js';
import { createSkeleton, finishSkeleton } from '../onnx-skeleton.js';
import { decodeTfjsWeights } from '../weights.js';
import { checkSingleInputOutput, parseKerasTopology } from './keras-topology.js';
import { kerasName, type TensorValue } from './tensor-value.js';
import { walkGraph } from './walk-graph.js';

/** Options for {@link convertLayersModel}. */
export interface LayersModelConversionOptions {
  /**
   * Height and width to fix where the input layer leaves them unknown (`null`), e.g. the
   * preset's: ONNX gradients need static sizes, and `same` pads are then written out.
   * @defaultValue the sizes stay dynamic
   */
  readonly imageSize?: readonly [number, number] | undefined;
}

/**
 * Convert a LayersModel (Keras topology + weights) to ONNX: the same NHWC input, the same output.
 * Image tensors run in NCHW inside (see `tensor-value.ts`), batch norms are folded into the conv
 * before them, and every op emitted has a backward rule, so the result differentiates too.
 *
 * @throws SnowblindError `UNSUPPORTED_OP` naming the first layer (and setting) without a rule,
 * `BAD_MODEL` when the topology or weights do not read.
 */
export function convertLayersModel(
  artifacts: TF.io.ModelArtifacts,
  options: LayersModelConversionOptions = {},
): OnnxModel {
  const graph = parseKerasTopology(artifacts.modelTopology);
  checkSingleInputOutput(graph);
  const weights = decodeTfjsWeights(artifacts);
  const inputShape = withImageSize(graph.inputShapes[0]!, options.imageSize);
  const skeleton = createSkeleton(inputShape, 'tfjs-layers');
  const input: TensorValue = { name: skeleton.input, layout: 'keras', shape: inputShape };
  const [output] = walkGraph(skeleton, weights, graph, [input]);
  return finishSkeleton(skeleton, kerasName(skeleton, output!), [null, ...output!.shape]);
}
