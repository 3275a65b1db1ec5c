import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelRegistry } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { NOISE_GATE } from './gate.js';
// The root vitest config has no setupFiles, so the example registers the matchers itself; a
// project lists this entry in `setupFiles` instead (see vitest.config.ts beside this file).
import '@snowblind/vitest-robustness/vitest';

const registry = await ModelRegistry.open();
const present = (id: string) => {
  const entry = registry.get(id);
  return entry !== undefined && existsSync(entry.path);
};
const missing = ['fmnist-cnn', 'fmnist-cnn-oe'].filter((id) => !present(id));

describe('noise gate on the embedded Fashion-MNIST models', () => {
  it.skipIf(!present('fmnist-cnn'))(
    'fails on the plain CNN, saying how it was fooled and how to replay it',
    async () => {
      const error = await expect('fmnist-cnn')
        .toRejectNoise(NOISE_GATE)
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error, 'the plain CNN should be fooled by noise').toBeInstanceOf(Error);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colors of the matcher hint.
      const message = error!.message.replace(/\u001b\[\d+m/g, '');
      if (process.env['PRINT_GATE_MESSAGE']) console.log(message);
      expect(message).toMatch(/Model "fmnist-cnn" was fooled by \d+ of 400 noise samples/);
      expect(message).toContain('Fooled means: max softmax > 0.5.');
      expect(message).toMatch(
        /Worst: (seed-wrap|gaussian) #\d+ \(seed 1\): ".+" \(class \d\) at confidence [01]\.\d{3}\./,
      );
      expect(message).toContain('Seed: 1.');
      expect(message).toMatch(/Replay: noiseImage\(\{ kind: '(seed-wrap|gaussian)'.*\}, \d+\)/);
      expect(message).toMatch(
        /or: npx snowblind audit --model fmnist-cnn --noise (seed-wrap|gaussian).* --seed 1 --size 28 --count 200/,
      );
      const [, count, folder] = /Artifacts: (\d+) PNG\(s\) in (.+)\/$/m.exec(message)!;
      expect(resolve(folder!).startsWith(NOISE_GATE.artifactsDir)).toBe(true);
      expect(readdirSync(folder!).filter((f) => f.endsWith('.png'))).toHaveLength(Number(count));
    },
  );

  it.skipIf(!present('fmnist-cnn-oe'))('passes on the noise-hardened (outlier exposure) CNN', async () => {
    await expect('fmnist-cnn-oe').toRejectNoise(NOISE_GATE);
  });
});

if (missing.length > 0) console.warn(`skipped: embedded model(s) ${missing.join(', ')} not in models/`);
