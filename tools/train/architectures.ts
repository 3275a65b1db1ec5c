/**
 * The embedded Fashion-MNIST classifiers. Every layer has an explicit name (so model.json is
 * byte-stable across runs) and a seeded initializer (so weights are a function of the seed).
 * All nets end in a linear `logits` layer: snowblind's max-logit / energy OOD scores need
 * logits, and softmax probabilities are one op away.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from './fashion-mnist.js';

export const ARCHS = ['fmnist-mlp', 'fmnist-cnn', 'fmnist-resnet', 'fmnist-cnn-oe'] as const;
export type Arch = (typeof ARCHS)[number];

export function isArch(s: string): s is Arch {
  return (ARCHS as readonly string[]).includes(s);
}

/** One-line descriptions used by the registry and the model cards. */
export const DESCRIPTIONS: Record<Arch, string> = {
  'fmnist-mlp': 'Fashion-MNIST MLP 784-256-128-10 (ReLU), logits output.',
  'fmnist-cnn': 'Fashion-MNIST small CNN (conv16-pool-conv32-pool-dense64-10), logits output. Default model.',
  'fmnist-resnet':
    'Fashion-MNIST small residual CNN (two residual blocks with identity adds), logits output.',
  'fmnist-cnn-oe':
    'fmnist-cnn trained with outlier exposure on synthetic noise (Hendrycks et al. 2019): near-uniform softmax on noise.',
};

const NUM_CLASSES = 10;

type Initializer = ReturnType<typeof tf.initializers.heNormal>;

/** Seeded initializers: each layer draws from its own seed so adding a layer does not shift others. */
class Init {
  private next: number;
  constructor(seed: number) {
    this.next = seed * 1000;
  }
  he(): Initializer {
    return tf.initializers.heNormal({ seed: this.next++ });
  }
  glorot(): Initializer {
    return tf.initializers.glorotUniform({ seed: this.next++ });
  }
}

function mlp(init: Init): tf.LayersModel {
  return tf.sequential({
    name: 'fmnist_mlp',
    layers: [
      tf.layers.flatten({ name: 'flatten', inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] }),
      tf.layers.dense({ name: 'fc1', units: 256, activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.dense({ name: 'fc2', units: 128, activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.dense({ name: 'logits', units: NUM_CLASSES, kernelInitializer: init.glorot() }),
    ],
  });
}

function cnn(init: Init, name: string): tf.LayersModel {
  return tf.sequential({
    name,
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1],
        filters: 16,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init.he(),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({
        name: 'conv2',
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init.he(),
      }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc1', units: 64, activation: 'relu', kernelInitializer: init.he() }),
      tf.layers.dense({ name: 'logits', units: NUM_CLASSES, kernelInitializer: init.glorot() }),
    ],
  });
}

/** 3×3 same-padded conv. */
function conv(init: Init, name: string, filters: number, activation: 'relu' | 'linear'): tf.layers.Layer {
  return tf.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation,
    kernelInitializer: init.he(),
  });
}

/** x → relu(x + conv(relu(conv(x)))): the basic ResNet block without batch norm. */
function residualBlock(init: Init, name: string, x: tf.SymbolicTensor, filters: number): tf.SymbolicTensor {
  const a = conv(init, `${name}_conv1`, filters, 'relu').apply(x) as tf.SymbolicTensor;
  const b = conv(init, `${name}_conv2`, filters, 'linear').apply(a) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: `${name}_add` }).apply([x, b]) as tf.SymbolicTensor;
  return tf.layers.activation({ name: `${name}_relu`, activation: 'relu' }).apply(sum) as tf.SymbolicTensor;
}

function resnet(init: Init): tf.LayersModel {
  const input = tf.input({ name: 'input', shape: [IMAGE_SIZE, IMAGE_SIZE, 1] });
  let x = conv(init, 'stem', 16, 'relu').apply(input) as tf.SymbolicTensor; // 28×28×16
  x = tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }).apply(x) as tf.SymbolicTensor; // 14×14×16
  x = residualBlock(init, 'block1', x, 16);
  x = tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }).apply(x) as tf.SymbolicTensor; // 7×7×16
  x = conv(init, 'widen', 32, 'relu').apply(x) as tf.SymbolicTensor; // 7×7×32
  x = residualBlock(init, 'block2', x, 32);
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ name: 'fc1', units: 64, activation: 'relu', kernelInitializer: init.he() })
    .apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'logits', units: NUM_CLASSES, kernelInitializer: init.glorot() })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ name: 'fmnist_resnet', inputs: input, outputs: logits });
}

/** Builds the untrained network for `arch` with weights drawn from `seed`. */
export function buildModel(arch: Arch, seed: number): tf.LayersModel {
  const init = new Init(seed);
  switch (arch) {
    case 'fmnist-mlp':
      return mlp(init);
    case 'fmnist-cnn':
      return cnn(init, 'fmnist_cnn');
    case 'fmnist-cnn-oe':
      return cnn(init, 'fmnist_cnn_oe');
    case 'fmnist-resnet':
      return resnet(init);
  }
}

/** A printable layer list: name, class, output shape, parameter count. */
export function layerTable(
  model: tf.LayersModel,
): { name: string; type: string; shape: string; params: number }[] {
  return model.layers.map((l) => ({
    name: l.name,
    type: l.getClassName(),
    shape: JSON.stringify(l.outputShape).replaceAll('null', 'N'),
    params: l.countParams(),
  }));
}
