import { missingTestDependency, relativeError, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, PRESETS, preprocess } from '../../image/index.js';
import { readTfjsFromDisk } from '../../models/index.js';
import { convertGraphModel } from './convert-graph-model.js';
import { GraphFixture, runConverted, runGraphModel } from './test-graph.js';
import { kerasToGraphModel } from './test-keras-graph.js';

const TOLERANCE = 1e-4;
const PHOTOS = ['dog.jpg', 'fish.png', 'kitten_224.png'];

function argmaxRows(values: Float32Array, classes: number): number[] {
  return Array.from({ length: values.length / classes }, (_, r) => {
    const row = values.subarray(r * classes, (r + 1) * classes);
    return row.indexOf(Math.max(...row));
  });
}

describe.skipIf(missingTestDependency(ZOO, zooMissing))('the zoo MobileNet v1 0.75 as a GraphModel', () => {
  it('converts with outputs within 1e-4 of TF.js (cpu) and the same top-1 on noise and the zoo photos', async () => {
    const { artifacts } = await readTfjsFromDisk(zooPath('mobilenet-v1-0.75-tfjs/model.json'));
    const graph = kerasToGraphModel(artifacts);
    const size = 224 * 224 * 3;
    const batch = new Float32Array((PHOTOS.length + 1) * size);
    batch.set(new GraphFixture(9).uniform(size));
    for (const [i, photo] of PHOTOS.entries()) {
      batch.set(
        preprocess(await decodeImage(zooPath(`images/${photo}`)), PRESETS['tf-mobilenet']),
        (i + 1) * size,
      );
    }
    const dims = [PHOTOS.length + 1, 224, 224, 3];
    const onnx = convertGraphModel(graph);
    const actual = await runConverted(onnx, batch, dims);
    const expected = await runGraphModel(graph, batch, dims);
    expect(relativeError(actual.data, expected.data)).toBeLessThan(TOLERANCE);
    expect(argmaxRows(actual.data, 1000)).toEqual(argmaxRows(expected.data, 1000));
    // The GraphModel computes the LayersModel's function (BN folded as grappler folds it).
    const layers = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const predicted = tf.tidy(
      () => (layers.predict(tf.tensor(batch, dims)) as tf.Tensor).dataSync() as Float32Array,
    );
    layers.dispose();
    expect(relativeError(actual.data, predicted)).toBeLessThan(TOLERANCE);
    // One Transpose (the input's): NCHW from the first conv to the pooled features.
    expect(onnx.graph.node!.filter((n) => n.opType === 'Transpose')).toHaveLength(1);
  }, 120_000);
});
