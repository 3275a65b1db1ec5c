import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { onnxOutputOps } from './onnx-graph.js';
import { looksLikeProbabilities } from './output-kind.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../test/fixtures/models/${name}`, import.meta.url));

const noZoo = missingTestDependency(ZOO, zooMissing);

describe('onnxOutputOps', () => {
  it('names the operator producing each graph output', async () => {
    expect(onnxOutputOps(await readFile(fixture('tiny.onnx')))).toEqual(new Map([['output', 'Gemm']]));
    expect(onnxOutputOps(await readFile(fixture('tiny-softmax.onnx')))).toEqual(
      new Map([['output', 'Softmax']]),
    );
  });
  it.skipIf(noZoo)('sees the final Softmax of the zoo SqueezeNet', async () => {
    const ops = onnxOutputOps(await readFile(zooPath('squeezenet1.1-fp16/SqueezeNet_fp16.onnx')));
    expect(ops.get('softmaxout_1')).toBe('Softmax');
  });
  it('returns an empty map for bytes that are not a model', () => {
    expect(onnxOutputOps(new Uint8Array([0x3a, 0xff, 0xff, 0xff]))).toEqual(new Map());
  });
});

describe('looksLikeProbabilities', () => {
  it('accepts rows in [0,1] summing to 1 ± 1e-3 and nothing else', () => {
    expect(looksLikeProbabilities(new Float32Array([0.2, 0.8, 0.5, 0.5]), 2, 2)).toBe(true);
    expect(looksLikeProbabilities(new Float32Array([0.2, 0.8005]), 1, 2)).toBe(true);
    expect(looksLikeProbabilities(new Float32Array([0.2, 0.802]), 1, 2)).toBe(false);
    expect(looksLikeProbabilities(new Float32Array([-0.1, 1.1]), 1, 2)).toBe(false);
    expect(looksLikeProbabilities(new Float32Array([Number.NaN, 1]), 1, 2)).toBe(false);
  });
});
