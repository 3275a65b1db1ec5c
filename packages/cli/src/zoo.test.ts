import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../test/run-cli.js';

const LABELS = zooPath('imagenet-labels.txt');
const SQUEEZENET = ['--model', zooPath('squeezenet1.1-fp16/SqueezeNet_fp16.onnx'), '--preset', 'caffe-bgr'];
const MOBILENET = ['--model', zooPath('mobilenet-v1-0.75-tfjs'), '--preset', 'tf-mobilenet'];

/** Expected ImageNet classes of the zoo photos (../shared/zoo/PROVENANCE.md). */
const PHOTOS = [
  { file: 'images/kitten_224.png', accept: [281, 282, 285], within: 1 },
  { file: 'images/dog.jpg', accept: [207], within: 1 },
  { file: 'images/fish.png', accept: [0], within: 3 },
];

interface ClassifyJson {
  results: { image: string; top: { classIndex: number; probability: number }[] }[];
}

describe.skipIf(missingTestDependency(ZOO, zooMissing))('zoo models through the CLI', () => {
  it.each([
    ['squeezenet (ONNX fp16, caffe-bgr)', SQUEEZENET],
    ['mobilenet (TF.js layers, tf-mobilenet)', MOBILENET],
  ])(
    'classify puts the expected class first (kitten, dog) and in the top 3 (fish): %s',
    async (_name, model) => {
      const images = PHOTOS.map((p) => zooPath(p.file));
      const run = await runCli(['classify', ...images, ...model, '--labels', LABELS, '--top', '5', '--json']);
      expect(run.stderr).toBe('');
      const { results } = JSON.parse(run.stdout) as ClassifyJson;
      for (const [i, photo] of PHOTOS.entries()) {
        const top = results[i]!.top.slice(0, photo.within).map((t) => t.classIndex);
        expect(
          top.some((c) => photo.accept.includes(c)),
          `${photo.file}: top ${top}`,
        ).toBe(true);
      }
    },
  );

  it('classify prints readable text with ImageNet names', async () => {
    const run = await runCli(['classify', zooPath('images/fish.png'), ...SQUEEZENET, '--labels', LABELS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/tench, Tinca tinca \(0\)/);
  });

  it('models add records both zoo models and audit runs them by id', async () => {
    const home = tempHome();
    const env = { SNOWBLIND_HOME: home };
    const add1 = await runCli(
      [
        'models',
        'add',
        zooPath('squeezenet1.1-fp16/SqueezeNet_fp16.onnx'),
        '--id',
        'squeezenet',
        '--preset',
        'caffe-bgr',
        '--labels',
        LABELS,
      ],
      env,
    );
    expect(add1.stderr).toBe('');
    const add2 = await runCli(
      [
        'models',
        'add',
        zooPath('mobilenet-v1-0.75-tfjs'),
        '--id',
        'mobilenet',
        '--preset',
        'tf-mobilenet',
        '--labels',
        LABELS,
      ],
      env,
    );
    expect(add2.stderr).toBe('');
    const list = await runCli(['models'], env);
    expect(list.stdout).toMatch(/squeezenet[\s*]+user\s+onnx\s+caffe-bgr/);
    expect(list.stdout).toMatch(/mobilenet[\s*]+user\s+tfjs-layers\s+tf-mobilenet/);

    const audit = await runCli(
      ['audit', '--model', 'squeezenet', '--model', 'mobilenet', '--count', '6', '--batch', '4'],
      env,
    );
    expect(audit.code, audit.stderr).toBe(0);
    const header = audit.stdout
      .split('\n')
      .find((line) => line.includes('squeezenet') && line.includes('mobilenet'));
    expect(header, audit.stdout).toBeDefined();
    for (const row of ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']) {
      expect(audit.stdout).toMatch(new RegExp(`^${row}\\s+6\\.0+|^${row}\\s+[0-9.]+\\s+[0-9.]+`, 'm'));
    }

    const json = await runCli(['audit', '--model', 'squeezenet', '--count', '4', '--json'], env);
    const report = JSON.parse(json.stdout) as { schemaVersion: number };
    expect(report.schemaVersion).toBe(1);

    const removed = await runCli(['models', 'remove', 'mobilenet'], env);
    expect(removed.code).toBe(0);
    expect((await runCli(['models'], env)).stdout).not.toMatch(/^mobilenet/m);
  });
});
