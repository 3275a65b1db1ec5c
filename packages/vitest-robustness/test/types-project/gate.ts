// A user's test file: no import of @snowblind/vitest-robustness, only vitest's expect. Type-checked
// by types-entry.test.ts with and without the tsconfig `types` entry the README documents.
import { expect, it } from 'vitest';

it('rejects noise', async () => {
  await expect('fmnist-cnn-oe').toRejectNoise({ samples: 10, maxConfidence: 0.5 });
});
