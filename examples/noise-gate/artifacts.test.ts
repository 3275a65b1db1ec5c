import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOISE_GATE } from './gate.js';

const HERE = dirname(fileURLToPath(import.meta.url));

describe("the example's artifacts folder", () => {
  it('is beside the example, git-ignored, and documented in its README', () => {
    const inside = relative(HERE, NOISE_GATE.artifactsDir);
    expect(inside).toBe('.snowblind/artifacts');
    const ignored = readFileSync(`${HERE}/.gitignore`, 'utf8').split('\n');
    expect(ignored).toContain('.snowblind/');
    expect(readFileSync(`${HERE}/README.md`, 'utf8')).toContain('`.gitignore` lists `.snowblind/`');
  });
});
