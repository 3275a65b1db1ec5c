/**
 * The bench's models, cached under `os.tmpdir()/snowblind-bench/`:
 * - ResNet-18 with fixed-seed random weights, exported by `tools/onnx/export_torchvision.py`
 *   (the PyTorch reference rebuilds the same weights from the same seed);
 * - the same weights as a TF.js LayersModel (NHWC), converted here from the ONNX initializers,
 *   so TF.js wasm and cpu run the very same network through `loadModel`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OnnxNode, parseOnnxModel, tensorToFloat32 } from '@snowblind/core';
import * as tf from '@tensorflow/tfjs';

export const PYTHON = '/usr/bin/python3';
export const CACHE = join(tmpdir(), 'snowblind-bench');

/** Whether Debian's python3 can import torch and torchvision (else the PyTorch side is skipped). */
export function torchAvailable(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, torchvision, numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `<cache>/resnet18-seed<seed>/resnet18.onnx`, exported on first use. */
export function resnet18Onnx(seed = 0): string | undefined {
  const dir = join(CACHE, `resnet18-seed${seed}`);
  const path = join(dir, 'resnet18.onnx');
  if (existsSync(path)) return path;
  if (!torchAvailable()) return undefined;
  execFileSync(
    PYTHON,
    [
      'tools/onnx/export_torchvision.py',
      '--out',
      dir,
      '--random-weights',
      '--seed',
      String(seed),
      'resnet18',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return path;
}

/** The zoo's MobileNet v1 0.75 (a real TF.js LayersModel, Keras 2.1.4 export), when `../shared/zoo` is there. */
export function zooMobilenet(): string | undefined {
  const path = fileURLToPath(
    new URL('../../../../shared/zoo/mobilenet-v1-0.75-tfjs/model.json', import.meta.url),
  );
  return existsSync(path) ? path : undefined;
}

/** torchvision preprocessing in NHWC, for the TF.js copy. */
export const TORCHVISION_NHWC = { base: 'torchvision', name: 'torchvision-nhwc', layout: 'NHWC' } as const;

function attribute(node: OnnxNode, name: string): number[] | number | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  if (!a) return undefined;
  return a.ints && a.ints.length > 0 ? a.ints : a.i;
}

/** OIHW → HWIO. */
function convKernel(w: Float32Array, shape: number[]): tf.Tensor4D {
  const [o = 0, i = 0, h = 0, k = 0] = shape;
  const out = new Float32Array(w.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < k; x++) out[((y * k + x) * i + b) * o + a] = w[((a * i + b) * h + y) * k + x]!;
  return tf.tensor4d(out, [h, k, i, o]);
}

/**
 * Converts the ResNet-18 ONNX graph (Conv with folded BatchNorm, Relu, MaxPool, Add,
 * GlobalAveragePool, Flatten, Gemm; Identity aliases) into a TF.js functional LayersModel in
 * NHWC. PyTorch's symmetric padding becomes an explicit ZeroPadding2D before a `valid`
 * conv / pool (zero padding is exact for the max pool: it follows a ReLU, inputs are ≥ 0).
 */
function convert(onnxPath: string): tf.LayersModel {
  const model = parseOnnxModel(readFileSync(onnxPath));
  const graph = model.graph;
  const weights = new Map<string, { data: Float32Array; dims: number[] }>();
  for (const init of graph.initializer ?? []) {
    weights.set(init.name!, { data: tensorToFloat32(init), dims: (init.dims ?? []).map(Number) });
  }
  const input = tf.input({ shape: [224, 224, 3], name: 'input' });
  const values = new Map<string, tf.SymbolicTensor>([[graph.input![0]!.name!, input]]);
  const alias = new Map<string, string>();
  const resolve = (name: string) => alias.get(name) ?? name;
  const weight = (name: string) => weights.get(resolve(name))!;
  let k = 0;
  for (const node of graph.node ?? []) {
    const ins = (node.input ?? []).map(resolve);
    const out = node.output![0]!;
    const x = values.get(ins[0]!);
    const id = `${node.opType!.toLowerCase()}_${k++}`;
    const pad = (pads: number[] | undefined, from: tf.SymbolicTensor) =>
      pads?.some((p) => p > 0)
        ? (tf.layers
            .zeroPadding2d({
              padding: [
                [pads[0]!, pads[2]!],
                [pads[1]!, pads[3]!],
              ],
              name: `${id}_pad`,
            })
            .apply(from) as tf.SymbolicTensor)
        : from;
    switch (node.opType) {
      case 'Identity':
        if (x) values.set(out, x);
        else alias.set(out, ins[0]!);
        break;
      case 'Conv': {
        const w = weight(ins[1]!);
        const b = weight(ins[2]!);
        const strides = attribute(node, 'strides') as number[];
        const layer = tf.layers.conv2d({
          filters: w.dims[0]!,
          kernelSize: [w.dims[2]!, w.dims[3]!],
          strides: strides as [number, number],
          padding: 'valid',
          useBias: true,
          name: id,
          weights: [convKernel(w.data, w.dims), tf.tensor1d(b.data)],
        });
        values.set(out, layer.apply(pad(attribute(node, 'pads') as number[], x!)) as tf.SymbolicTensor);
        break;
      }
      case 'Relu':
        values.set(out, tf.layers.reLU({ name: id }).apply(x!) as tf.SymbolicTensor);
        break;
      case 'MaxPool': {
        const kernel = attribute(node, 'kernel_shape') as number[];
        const layer = tf.layers.maxPooling2d({
          poolSize: kernel as [number, number],
          strides: attribute(node, 'strides') as [number, number],
          padding: 'valid',
          name: id,
        });
        values.set(out, layer.apply(pad(attribute(node, 'pads') as number[], x!)) as tf.SymbolicTensor);
        break;
      }
      case 'Add':
        values.set(out, tf.layers.add({ name: id }).apply([x!, values.get(ins[1]!)!]) as tf.SymbolicTensor);
        break;
      case 'GlobalAveragePool':
        values.set(out, tf.layers.globalAveragePooling2d({ name: id }).apply(x!) as tf.SymbolicTensor);
        break;
      case 'Flatten':
        values.set(out, x!); // GlobalAveragePooling2D already returns [N, C]
        break;
      case 'Gemm': {
        const w = weight(ins[1]!);
        const b = weight(ins[2]!);
        const [units, inFeatures] = w.dims as [number, number];
        // transB = 1 (PyTorch Linear): dense kernel is Wᵀ.
        const kernel = tf.tidy(() => tf.tensor2d(w.data, [units, inFeatures]).transpose());
        const layer = tf.layers.dense({ units, name: id, weights: [kernel, tf.tensor1d(b.data)] });
        values.set(out, layer.apply(x!) as tf.SymbolicTensor);
        break;
      }
      default:
        throw new Error(`resnet18 → TF.js: unsupported op ${node.opType}`);
    }
  }
  return tf.model({
    inputs: input,
    outputs: values.get(resolve(graph.output![0]!.name!))!,
    name: 'resnet18',
  });
}

/** `<cache>/resnet18-seed<seed>-tfjs/model.json`: the ONNX export's weights as a TF.js LayersModel. */
export async function resnet18Tfjs(onnxPath: string, seed = 0): Promise<string> {
  const dir = join(CACHE, `resnet18-seed${seed}-tfjs`);
  const path = join(dir, 'model.json');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const model = convert(onnxPath);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(join(dir, 'weights.bin'), Buffer.from(artifacts.weightData as ArrayBuffer));
      writeFileSync(
        path,
        JSON.stringify({
          format: 'layers-model',
          generatedBy: 'snowblind tools/bench',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return path;
}
