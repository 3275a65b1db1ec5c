import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

/**
 * A classifier whose winning class 0 is set by its bias alone (googlenet's random weights), written
 * by tools/fixtures/onnx_constant_logit.py.
 */
const CONSTANT_LOGIT = fileURLToPath(new URL('../test/fixtures/constant-logit.onnx', import.meta.url));

describe('snowblind gradcheck on an output that does not move', () => {
  it('says INCONCLUSIVE with the reason and exits 0 (it printed FAIL at error 1.0)', async () => {
    const run = await runCli(['gradcheck', '--model', CONSTANT_LOGIT, '--samples', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^INCONCLUSIVE: output 0 does not change under any step/m);
    expect(run.stdout.match(/\(output constant\)$/gm)).toHaveLength(2);
    expect(run.stdout).not.toMatch(/^(PASS|FAIL)/m);
  });

  it('reports status inconclusive in --json', async () => {
    const run = await runCli(['gradcheck', '--model', CONSTANT_LOGIT, '--samples', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { status: string; passed: boolean; inconclusive: string };
    expect(report.status).toBe('inconclusive');
    expect(report.passed).toBe(false);
    expect(report.inconclusive).toContain('nothing to compare');
  });
});
