import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, memoryIo } from '@snowblind/cli';
import { describe, expect, it } from 'vitest';
import { FMNIST, graded } from '../test/function-models.js';
import {
  assertRejectsNoise,
  checkNoiseRejection,
  checkRejectsNoise,
  gaussianNoise,
  noiseImageCall,
  uniformNoise,
} from './index.js';

const MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));

/** `snowblind <args> --json` in-process; the parsed report. */
async function cliJson(args: readonly string[]): Promise<{ runs: { describe: { max: number } }[] }> {
  const io = memoryIo({ SNOWBLIND_HOME: mkdtempSync(join(tmpdir(), 'snowblind-home-')), CI: 'true' });
  const code = await main([...args, '--json', '-q'], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.out());
}

/** The words of a shell line (the replay quotes nothing here: plain paths and numbers). */
const words = (line: string) => line.split(' ');

describe('replay lines reproduce the gate exactly', () => {
  it('the CLI line of a model loaded by path carries its preset and labels, and gives the same worst confidence', async () => {
    const path = join(MODELS, 'fmnist-cnn/model.json');
    const labels = join(MODELS, 'fmnist-cnn/labels.txt');
    const result = await checkNoiseRejection(path, {
      preset: 'fashion-mnist',
      load: { labels },
      samples: 50,
      noise: [{ kind: 'gaussian', params: { mean: 100, std: 70 } }],
      seed: 3,
      artifactsDir: false,
    });
    const cli = result.replay!.cli!;
    expect(cli).toBe(
      `npx snowblind audit --model ${path} --preset fashion-mnist --labels ${labels} --noise gaussian --noise-param mean=100 --noise-param std=70 --seed 3 --size 28 --count 50`,
    );
    const worst = result.worst[0]!;
    expect(worst.label).not.toMatch(/^class \d/); // the labels file was used
    const report = await cliJson(words(cli).slice(2));
    expect(report.runs[0]!.describe.max).toBeCloseTo(worst.confidence, 6);
  });

  it('the CLI line is left out when the CLI cannot take the preset or labels (objects, not files)', async () => {
    const result = await checkNoiseRejection('fmnist-cnn', {
      load: { labels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] },
      samples: 20,
      noise: ['uniform'],
      maxConfidence: 0,
      artifactsDir: false,
    });
    expect(result.replay!.call).toMatch(/^noiseImage\(\{ kind: 'uniform'/);
    expect(result.replay!.cli).toBeUndefined();
  });

  it('the fast-check line names the preset, classes, rule and arbitrary, and replays the same counterexample', async () => {
    const options = {
      ...FMNIST,
      maxConfidence: 0.3,
      arbitrary: gaussianNoise({ width: 28, height: 28, maxStd: 90 }),
      numRuns: 50,
      seed: 42,
    };
    const report = await checkRejectsNoise(graded, options);
    expect(report.failed).toBe(true);
    expect(report.replay).toBe(
      `assertRejectsNoise(model, { preset: 'fashion-mnist', classes: 10, maxConfidence: 0.3, arbitrary: gaussianNoise({ width: 28, height: 28, maxStd: 90 }), seed: 42, path: '${report.path}' })`,
    );
    // Evaluate the printed line as code: it must fail on the same weakest noise.
    const replay = new Function('assertRejectsNoise', 'model', 'gaussianNoise', `return ${report.replay};`);
    const error = await replay(assertRejectsNoise, graded, gaussianNoise).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(
      `Weakest noise that fools it: ${noiseImageCall(report.counterexample!.spec, 0)}`,
    );
    const again = await checkRejectsNoise(graded, { ...options, path: report.path! });
    expect(again.counterexample).toEqual(report.counterexample);
    expect(error?.message).toContain(`Replay: ${report.replay}`);
  });

  it('an arbitrary the package did not build is named as such, and the default one is spelled out', async () => {
    const custom = await checkRejectsNoise(graded, {
      ...FMNIST,
      maxConfidence: 0.3,
      arbitrary: uniformNoise({ width: 28, height: 28 }).map((s) => ({ ...s, seed: s.seed + 1 })),
      seed: 7,
    });
    expect(custom.replay).toContain('arbitrary: <the arbitrary you passed>, seed: 7, path:');
    const fallback = await checkRejectsNoise(graded, { ...FMNIST, maxConfidence: 0.3, seed: 7 });
    expect(fallback.replay).toMatch(
      /arbitrary: noiseSpecArbitrary\(\{ height: 28, width: 28 \}\), seed: 7, path: '/,
    );
  });
});
