import { fileURLToPath } from 'node:url';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, PRESETS, preprocess } from '../../image/index.js';
import { readTfjsFromDisk } from '../../models/index.js';
import { noiseImages } from '../../noise/index.js';
import { convertLayersModel } from './convert-layers-model.js';
import { randomInput, relativeError, runOnnx } from './test-parity.js';

const TOLERANCE = 1e-4;
const MODELS = fileURLToPath(new URL('../../../../../models/', import.meta.url));

function argmaxRows(values: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < values.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[r * classes + c]! > values[r * classes + best]!) best = c;
    out.push(best);
  }
  return out;
}

async function loadBoth(modelJson: string) {
  const { artifacts } = await readTfjsFromDisk(modelJson);
  const onnx = convertLayersModel(artifacts);
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const predict = (x: Float32Array, dims: number[]) =>
    tf.tidy(() => (model.predict(tf.tensor(x, dims)) as tf.Tensor).dataSync() as Float32Array);
  return { onnx, predict };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the embedded Fashion-MNIST models', () => {
  for (const name of ['fmnist-mlp', 'fmnist-cnn', 'fmnist-cnn-oe', 'fmnist-resnet']) {
    it(`${name}: outputs within 1e-4 on random inputs, same top-1 on 1,000 noise images`, async () => {
      const { onnx, predict } = await loadBoth(`${MODELS}${name}/model.json`);
      const random = randomInput([16, 28, 28, 1], 5).map((v) => (v + 1) / 2);
      const actual = await runOnnx(onnx, random, [16, 28, 28, 1]);
      expect(relativeError(actual.data, predict(random, [16, 28, 28, 1]))).toBeLessThan(TOLERANCE);

      const spec = { kind: 'uniform' as const, seed: 3, width: 28, height: 28, channels: 1 as const };
      const noise = new Float32Array(1000 * 784);
      let i = 0;
      for (const image of noiseImages(spec, 0, 1000))
        noise.set(preprocess(image, PRESETS['fashion-mnist']), 784 * i++);
      const onnxTop = argmaxRows((await runOnnx(onnx, noise, [1000, 28, 28, 1])).data, 10);
      // The top-1 reference runs on wasm: the cpu backend takes ~15 s for 1,000 images.
      await tf.setBackend('wasm');
      const tfjsTop = argmaxRows(predict(noise, [1000, 28, 28, 1]), 10);
      await tf.setBackend('cpu');
      expect(onnxTop).toEqual(tfjsTop);
    });
  }
});

describe.skipIf(missingTestDependency(ZOO, zooMissing))(
  'the zoo MobileNet v1 0.75 (Keras 2.1 topology)',
  () => {
    it('outputs within 1e-4 and the same top-1 on a random input and the zoo photos (cpu backend)', async () => {
      const { onnx, predict } = await loadBoth(zooPath('mobilenet-v1-0.75-tfjs/model.json'));
      const size = 224 * 224 * 3;
      const photos = ['dog.jpg', 'fish.png', 'kitten_224.png'];
      const batch = new Float32Array((photos.length + 1) * size);
      batch.set(randomInput([1, 224, 224, 3], 9));
      for (const [i, photo] of photos.entries())
        batch.set(
          preprocess(await decodeImage(zooPath(`images/${photo}`)), PRESETS['tf-mobilenet']),
          (i + 1) * size,
        );
      const dims = [photos.length + 1, 224, 224, 3];
      const actual = await runOnnx(onnx, batch, dims);
      const expected = predict(batch, dims);
      expect(relativeError(actual.data, expected)).toBeLessThan(TOLERANCE);
      expect(argmaxRows(actual.data, 1000)).toEqual(argmaxRows(expected, 1000));
    }, 60_000);
  },
);
