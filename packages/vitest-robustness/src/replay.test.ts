import { noiseImage, validateNoiseSpec } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { FMNIST, graded } from '../test/function-models.js';
import {
  checkNoiseRejection,
  classifyNoiseImage,
  cliReplay,
  functionClassifier,
  noiseImageCall,
} from './index.js';

describe('replay', () => {
  it('regenerating the worst sample alone reproduces its label and confidence', async () => {
    const model = await functionClassifier(graded, FMNIST);
    const result = await checkNoiseRejection(model, {
      samples: 40,
      noise: ['gaussian', 'salt-pepper'],
      seed: 11,
      maxConfidence: 0.2,
      batchSize: 16,
      artifactsDir: false,
    });
    const worst = result.worst[0]!;
    expect(worst.fooled).toBe(true);
    const again = await classifyNoiseImage(model, worst.spec, worst.index);
    expect(again).toEqual({ classIndex: worst.classIndex, label: worst.label, confidence: worst.confidence });
    // The replay line is the same spec and index, as code.
    const call = result.replay!.call;
    const [, json, index] = /^noiseImage\((.*), (\d+)\)$/.exec(call)!;
    const spec = new Function(`return (${json});`)();
    expect(validateNoiseSpec(spec)).toEqual(worst.spec);
    expect(Number(index)).toBe(worst.index);
    expect(noiseImage(spec, Number(index)).data).toEqual(noiseImage(worst.spec, worst.index).data);
    // No other sample is more confident.
    expect(result.worst.every((s) => s.confidence <= worst.confidence)).toBe(true);
  });

  it('noiseImageCall writes a JavaScript literal', () => {
    expect(noiseImageCall({ kind: 'constant', params: { color: [1, 2, 3] }, seed: 0 }, 5)).toBe(
      "noiseImage({ kind: 'constant', params: { color: [1, 2, 3] }, seed: 0 }, 5)",
    );
  });

  it('cliReplay names the snowblind audit command when the CLI can express the spec', () => {
    const spec = validateNoiseSpec({ kind: 'gaussian', params: { std: 30 }, seed: 4, width: 28, height: 28 });
    expect(cliReplay('fmnist-cnn', spec, 200)).toBe(
      'npx snowblind audit --model fmnist-cnn --noise gaussian --noise-param mean=127.5 --noise-param std=30 --seed 4 --size 28 --count 200',
    );
    expect(cliReplay(undefined, spec, 200)).toBeUndefined();
    expect(
      cliReplay('m', validateNoiseSpec({ kind: 'uniform', seed: 0, width: 28, height: 20 }), 1),
    ).toBeUndefined();
    expect(
      cliReplay('my models/a.onnx', validateNoiseSpec({ kind: 'seed-wrap', seed: 0, rng: 'numpy' }), 1),
    ).toBe(
      "npx snowblind audit --model 'my models/a.onnx' --noise seed-wrap --seed 0 --size 256 --rng numpy --count 1",
    );
  });
});
