import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { TINY_ONNX, tinyPreset } from '../test/tiny-model.js';

describe('snowblind explain', () => {
  it('writes a heat map PNG, the .npy attributions and reports the IG convergence delta', async () => {
    const home = tempHome();
    const out = join(home, 'heat.png');
    const npy = join(home, 'attr.npy');
    const run = await runCli(
      [
        'explain',
        '--model',
        TINY_ONNX,
        '--preset',
        tinyPreset(home),
        '--noise',
        'uniform',
        '--index',
        '3',
        '--method',
        'ig',
        '--out',
        out,
        '--save-attributions',
        npy,
        '--json',
      ],
      { SNOWBLIND_HOME: home },
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { convergenceDelta: number; shape: number[]; source: string };
    expect(Math.abs(summary.convergenceDelta)).toBeLessThan(1e-3);
    expect(summary.shape).toEqual([1, 3, 8, 8]);
    expect(summary.source).toBe('uniform seed 0 #3');
    expect([...readFileSync(out).subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const header = readFileSync(npy).subarray(0, 80).toString('latin1');
    expect(header).toContain("'descr': '<f4'");
    expect(header).toContain("'shape': (1, 3, 8, 8)");
  });

  it('rejects an unknown method and a bad stdevs with coded errors', async () => {
    expectUserError(await runCli(['explain', '--method', 'lime']), 'BAD_INPUT');
    const home = tempHome();
    const run = await runCli(
      [
        'explain',
        '--model',
        TINY_ONNX,
        '--preset',
        tinyPreset(home),
        '--method',
        'smoothgrad-sq',
        '--stdevs',
        '-1',
      ],
      {
        SNOWBLIND_HOME: home,
      },
    );
    expectUserError(run, 'BAD_INPUT');
    expect(existsSync(join(home, 'explanation.png'))).toBe(false);
  });
});

describe('snowblind gradcheck', () => {
  it('passes on the tiny ONNX model and prints one line per direction', async () => {
    const run = await runCli(['gradcheck', '--model', TINY_ONNX, '--samples', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/^ {2}class/gm)).toHaveLength(3);
    expect(run.stdout).toMatch(/^PASS: max relative error/m);
  });

  it('fails (exit 1) when the tolerance is impossibly tight', async () => {
    const run = await runCli(['gradcheck', '--model', TINY_ONNX, '--samples', '2', '--tolerance', '1e-12']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL: max relative error/m);
  });

  it('refuses a non-ONNX model with a coded error', async () => {
    expectUserError(await runCli(['gradcheck', '--model', '/tmp/model.json']), 'BAD_MODEL');
  });
});
