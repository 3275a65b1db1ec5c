import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TinyGraph } from '../../core/test/fixtures/onnx/tiny-graph.js';
import { runCli, tempHome } from '../test/run-cli.js';

/** A classifier whose winning class 0 is set by its bias alone (googlenet's random weights). */
function constantLogitModel(dir: string): string {
  const t = new TinyGraph([1, 2, 2, 2]);
  const flat = t.op('Flatten', [t.x], { axis: { int: 1 } });
  const w = t.values([2, 8], [0, 0, 0, 0, 0, 0, 0, 0, 1, -1, 2, -2, 1, 1, -1, 3]);
  const path = join(dir, 'constant-logit.onnx');
  writeFileSync(path, t.bytes(t.op('Gemm', [flat, w, t.values([2], [100, 0])], { transB: { int: 1 } })));
  return path;
}

describe('snowblind gradcheck on an output that does not move', () => {
  it('says INCONCLUSIVE with the reason and exits 0 (it printed FAIL at error 1.0)', async () => {
    const run = await runCli(['gradcheck', '--model', constantLogitModel(tempHome()), '--samples', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^INCONCLUSIVE: output 0 does not change under any step/m);
    expect(run.stdout.match(/\(output constant\)$/gm)).toHaveLength(2);
    expect(run.stdout).not.toMatch(/^(PASS|FAIL)/m);
  });

  it('reports status inconclusive in --json', async () => {
    const run = await runCli([
      'gradcheck',
      '--model',
      constantLogitModel(tempHome()),
      '--samples',
      '1',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { status: string; passed: boolean; inconclusive: string };
    expect(report.status).toBe('inconclusive');
    expect(report.passed).toBe(false);
    expect(report.inconclusive).toContain('nothing to compare');
  });
});
