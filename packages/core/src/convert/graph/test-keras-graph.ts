/**
 * Test support (not built): the GraphModel tfjs-converter writes for a sequential Keras CNN
 * (MobileNet v1), made here from its LayersModel artifacts the way grappler and the converter
 * rewrite it: each Conv2D/DepthwiseConv2D with its BatchNormalization folded in (kernel × γ/√(σ²+ε),
 * bias β − μ·γ/√(σ²+ε)) and its ReLU/ReLU6 fused, global pooling as Mean, Reshape through Keras's
 * Shape → StridedSlice → Pack, Dropout as Identity. Real weights for GraphModel tests.
 */
import type * as tf from '@tensorflow/tfjs';
import { decodeTfjsWeights } from '../weights.js';
import { attr, convAttrs, GraphFixture } from './test-graph.js';

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
}

/**
 * Fold a BatchNormalization into the conv before it, in place, as grappler does: kernel ×
 * γ/√(σ²+ε) per output channel, bias (b − μ)·γ/√(σ²+ε) + β. HWIO and depthwise [H, W, C, M]
 * kernels both end in the output channel (c·M + m for depthwise).
 */
function foldBatchNorm(
  kernel: Float64Array,
  bias: Float64Array,
  read: (name: string) => Float32Array,
  epsilon: number,
): void {
  const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(read);
  const scale = Array.from(gamma!, (s, c) => s / Math.sqrt(variance![c]! + epsilon));
  kernel.forEach((v, j) => {
    kernel[j] = v * scale[j % bias.length]!;
  });
  bias.forEach((b, c) => {
    bias[c] = (b - mean![c]!) * scale[c]! + beta![c]!;
  });
}

/** The GraphModel artifacts of a sequential Keras model made of the layers listed above. */
export function kerasToGraphModel(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifacts {
  const topology = artifacts.modelTopology as { model_config: { config: { layers: KerasLayer[] } } };
  const layers = topology.model_config.config.layers;
  const weights = decodeTfjsWeights(artifacts);
  const weight = (name: string) => {
    const w = weights.get(name);
    if (w === undefined) throw new Error(`no weight ${name}`);
    return w;
  };
  const g = new GraphFixture();
  const input = layers[0]!.config.batch_input_shape as (number | null)[];
  let x = g.placeholder(input.map((d) => d ?? -1));
  for (let i = 1; i < layers.length; i++) {
    const { class_name: kind, config } = layers[i]!;
    if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') {
      const depthwise = kind === 'DepthwiseConv2D';
      const kernel = weight(`${config.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
      const channels = depthwise ? kernel.shape[2]! * kernel.shape[3]! : kernel.shape[3]!;
      const values = Float64Array.from(kernel.values);
      const bias = new Float64Array(channels);
      if (config.use_bias) bias.set(weight(`${config.name}/bias`).values);
      const next = layers[i + 1];
      if (next?.class_name === 'BatchNormalization') {
        foldBatchNorm(
          values,
          bias,
          (w) => weight(`${next.config.name}/${w}`).values,
          next.config.epsilon as number,
        );
        i++;
      }
      const activation =
        layers[i + 1]?.class_name === 'Activation' ? (layers[i + 1]!.config.activation as string) : undefined;
      const fused = activation === 'relu' ? 'Relu' : activation === 'relu6' ? 'Relu6' : undefined;
      if (fused !== undefined) i++;
      const [stride] = config.strides as number[];
      x = g.op(
        depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
        [x, g.const(kernel.shape as number[], values), g.const([channels], bias)],
        {
          ...convAttrs(stride!, (config.padding as string).toUpperCase() as 'SAME' | 'VALID'),
          fused_ops: attr.strs(fused === undefined ? ['BiasAdd'] : ['BiasAdd', fused]),
          num_args: attr.int(1),
        },
      );
    } else if (kind === 'Activation' && config.activation === 'softmax') {
      x = g.op('Softmax', [x]);
    } else if (kind === 'GlobalAveragePooling2D') {
      x = g.op('Mean', [x, g.ints([1, 2])], { keep_dims: attr.bool(false) });
    } else if (kind === 'Reshape') {
      const batch = g.op('StridedSlice', [g.op('Shape', [x]), g.ints([0]), g.ints([1]), g.ints([1])], {
        shrink_axis_mask: attr.int(1),
      });
      const sizes = (config.target_shape as number[]).map((d) => g.ints([d], []));
      x = g.op('Reshape', [x, g.op('Pack', [batch, ...sizes], { axis: attr.int(0) })]);
    } else if (kind === 'Dropout') {
      x = g.op('Identity', [x]);
    } else {
      throw new Error(`no GraphDef for Keras layer ${kind}`);
    }
  }
  return g.artifacts(x);
}
