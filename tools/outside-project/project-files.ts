/**
 * The files of the throwaway project that outside-project.test.ts installs the packed packages
 * into: what a user writes after reading the READMEs, nothing more.
 */
export const PROJECT_FILES: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify({ name: 'outside', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  // The one line the README asks of projects: onnxruntime-node's CPU binaries ship in its package.
  '.npmrc': 'onnxruntime-node-install=skip\nfund=false\naudit=false\n',
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { setupFiles: ['@snowblind/vitest-robustness/vitest'], testTimeout: 120_000 },
});
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        noEmit: true,
        skipLibCheck: true,
        types: ['node', '@snowblind/vitest-robustness/vitest'],
      },
      include: ['*.ts'],
    },
    null,
    2,
  )}\n`,
  'gate.test.ts': `import { expect, it } from 'vitest';

const GATE = { samples: 100, noise: ['seed-wrap', 'gaussian'], seed: 1 } as const;

it('passes: the hardened built-in model rejects noise', async () => {
  await expect('fmnist-cnn-oe').toRejectNoise(GATE);
});

it('fails: an always-confident function is fooled', async () => {
  const confident = (_batch: Float32Array, n: number) => {
    const out = new Float32Array(n * 10);
    for (let r = 0; r < n; r++) out[r * 10] = 20;
    return out;
  };
  await expect(confident).toRejectNoise({ ...GATE, preset: 'fashion-mnist', classes: 10, artifactsDir: false });
});
`,
};

/**
 * A project that gates plain functions only: it installs @snowblind/vitest-robustness (and
 * core) without onnxruntime-node or TF.js, the optional peers a model id would need.
 */
export const ENGINE_FREE_FILES: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify({ name: 'engine-free', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  'vitest.config.ts': PROJECT_FILES['vitest.config.ts']!,
  'plain.test.ts': `import { expect, it } from 'vitest';

const GATE = {
  samples: 50,
  noise: ['seed-wrap', 'gaussian'],
  seed: 1,
  preset: 'fashion-mnist',
  classes: 10,
  artifactsDir: false,
} as const;

it('passes: a function that is never sure rejects noise', async () => {
  await expect((_batch: Float32Array, n: number) => new Float32Array(n * 10)).toRejectNoise(GATE);
});

it('fails: an always-confident function is fooled', async () => {
  const confident = (_batch: Float32Array, n: number) => {
    const out = new Float32Array(n * 10);
    for (let r = 0; r < n; r++) out[r * 10] = 20;
    return out;
  };
  await expect(confident).toRejectNoise(GATE);
});

it('names the package: a TF.js model without TF.js installed', async () => {
  await expect(expect('fmnist-cnn-oe').toRejectNoise({ samples: 10 })).rejects.toMatchObject({
    code: 'BACKEND_UNAVAILABLE',
    hint: 'npm install @tensorflow/tfjs',
  });
});
`,
};
