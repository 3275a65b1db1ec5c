import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG = fileURLToPath(new URL('../test/unawaited/vitest.config.ts', import.meta.url));

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

describe('a forgotten await on a gate', () => {
  it('fails the test when the gate fails, and leaves awaited or caught gates alone', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'snowblind-unawaited-')), 'results.json');
    // Its own vitest process with only the setup entry, as a user's project has.
    const run = spawnSync(
      process.execPath,
      [
        join(REPO, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        CONFIG,
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { cwd: REPO, encoding: 'utf8', env: { ...process.env, CI: '' } },
    );
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    const results = report.testResults.flatMap((f) => f.assertionResults);
    expect(results.map((r) => [r.title.split(':')[0], r.status])).toEqual(
      results.map((r) => [r.title.split(':')[0], r.title.startsWith('fails') ? 'failed' : 'passed']),
    );
    expect(results).toHaveLength(6);
    const [plain, negated] = results.filter((r) => r.status === 'failed');
    expect(plain!.failureMessages.join('\n')).toContain(
      'toRejectNoise() failed, and it was not awaited: add `await` before expect(…).toRejectNoise(…)',
    );
    expect(plain!.failureMessages.join('\n')).toContain('was fooled by 4 of 4 noise samples');
    expect(negated!.failureMessages.join('\n')).toContain('rejected the noise: 0 of 4 samples fooled it');
    expect(run.status).toBe(1);
  }, 120_000);
});
