import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fashionMnistDir } from '@snowblind/core';
import {
  FASHION_MNIST,
  fashionMnistMissing,
  missingTestDependency,
  ZOO,
  zooMissing,
  zooPath,
} from '@snowblind/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The fenced block of the README that contains `marker`. */
function readmeBlock(marker: string): string {
  const block = README.split('```').find((b) => b.includes(marker));
  if (!block) throw new Error(`README has no code block with ${JSON.stringify(marker)}`);
  return block;
}

/** The stdout a block shows after its `$ <command>` line (or from `from`), throughput masked. */
function shown(block: string, from: string): string {
  return mask(block.slice(block.indexOf(from)).replace(/^\$ .*\n/, ''));
}

/** Throughput differs from run to run and machine to machine; everything else must match. */
function mask(text: string): string {
  return text.replace(/\d+(\.\d+)? img\/s/g, 'N img/s').trim();
}

describe("the README's pasted output is what the commands print", () => {
  it('Quick start: `npx snowblind audit`', async () => {
    const run = await runCli(['audit']);
    expect(run.code).toBe(0);
    const block = readmeBlock('top-1 confidence on noise (count 1000 per row)');
    expect(mask(run.stdout)).toBe(shown(block, 'top-1 confidence on noise'));
  }, 240_000);

  const noFashionMnist = missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir()));
  it.skipIf(noFashionMnist)(
    'Quick start: the native-size audit of fmnist-cnn',
    async () => {
      const command = '$ npx snowblind audit -m fmnist-cnn --size native';
      const block = readmeBlock(command);
      const args = block.slice(block.indexOf(command)).split('\n')[0]!.split(' ').slice(3);
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(mask(run.stdout)).toBe(shown(block, command));
    },
    120_000,
  );

  const noZoo = missingTestDependency(ZOO, zooMissing);
  describe.skipIf(noZoo)('Real ImageNet models (photo.jpg is the zoo dog)', () => {
    it('`npx snowblind classify photo.jpg --model squeezenet1.1 --top 3`', async () => {
      const command = '$ npx snowblind classify photo.jpg --model squeezenet1.1 --top 3';
      const run = await runCli([
        'classify',
        zooPath('images/dog.jpg'),
        '--model',
        'squeezenet1.1',
        '--top',
        '3',
      ]);
      expect(run.code).toBe(0);
      expect(mask(run.stdout).replace('dog.jpg', 'photo.jpg')).toBe(shown(readmeBlock(command), command));
    });
  });
});
