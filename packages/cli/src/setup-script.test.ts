import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SETUP = fileURLToPath(new URL('../../../scripts/setup.sh', import.meta.url));

/** `bash scripts/setup.sh <args>` for flags that end before anything is installed. */
const setup = (...args: string[]) => spawnSync('bash', [SETUP, ...args], { encoding: 'utf8' });

describe('scripts/setup.sh options', () => {
  it('--help describes the opt-in GPU engines and exits 0', () => {
    const run = setup('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: bash scripts\/setup\.sh \[--gpu \| --no-gpu\]/);
    expect(run.stdout).toContain("onnxruntime-node's CUDA 12 binaries");
    expect(run.stdout).toContain('@tensorflow/tfjs-node-gpu');
    expect(run.stdout).toContain('npx snowblind doctor');
  });

  it('an unknown option is refused with the usage, exit 2, before installing anything', () => {
    const run = setup('--gpus');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^setup: unknown option: --gpus\nusage: /);
  });
});
