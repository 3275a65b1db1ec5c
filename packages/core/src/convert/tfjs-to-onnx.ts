import type * as tf from '@tensorflow/tfjs';
import type { OnnxModel } from '../onnx/types.js';
import { convertGraphModel } from './graph/convert-graph-model.js';
import { convertLayersModel } from './layers/convert-layers-model.js';

/** A TF.js model in memory: its loader kind and the artifacts `model.json` and weights hold. */
export interface TfjsSource {
  readonly kind: 'layers' | 'graph';
  readonly artifacts: tf.io.ModelArtifacts;
  /**
   * Height and width for an input that leaves them unknown (the preset's), so the converted
   * model has the static sizes ONNX gradients need.
   */
  readonly imageSize?: readonly [number, number] | undefined;
}

/**
 * Convert a TF.js LayersModel or GraphModel into an ONNX model that computes the same function:
 * same NHWC input, same output (logits or probabilities, whatever the last layer gives).
 *
 * @throws SnowblindError `UNSUPPORTED_OP` naming the first layer or op without a conversion rule;
 * `BAD_MODEL` when the topology is inconsistent.
 */
export function convertTfjsToOnnx(source: TfjsSource): OnnxModel {
  const options = { imageSize: source.imageSize };
  return source.kind === 'layers'
    ? convertLayersModel(source.artifacts, options)
    : convertGraphModel(source.artifacts, options);
}
