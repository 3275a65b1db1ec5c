import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/install-test-deps.sh', import.meta.url));

/** `bash scripts/install-test-deps.sh` with `commands` (name → shell body) first on the PATH. */
function run(commands: Record<string, string>) {
  const bin = mkdtempSync(join(tmpdir(), 'snowblind-fake-bin-'));
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
  });
}

// A dpkg that knows no package: every reference implementation is missing.
const NOTHING_INSTALLED = 'exit 1';

describe('scripts/install-test-deps.sh', () => {
  it('fails with one line naming what is missing when it cannot install (not root)', () => {
    const result = run({ 'dpkg-query': NOTHING_INSTALLED, id: 'echo 1000' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'install-test-deps: FAILED: missing python3-numpy python3-pil python3-pandas python3-torch python3-torchvision dataset-fashion-mnist chromium redis-server and cannot install them here (needs root and apt-get): sudo apt-get install python3-numpy python3-pil python3-pandas python3-torch python3-torchvision dataset-fashion-mnist chromium redis-server\n',
    );
  });

  it("fails with apt's own error when apt-get cannot install", () => {
    const result = run({
      'dpkg-query': NOTHING_INSTALLED,
      id: 'echo 0',
      'apt-get': 'echo "E: Unable to locate package chromium"; exit 100',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'install-test-deps: FAILED: apt-get update failed (E: Unable to locate package chromium)',
    );
  });
});
