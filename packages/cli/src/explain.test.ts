import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';
import { TINY_ONNX, tinyModelFlags, tinyPreset } from '../test/tiny-model.js';

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

  it('picks the IG batch from --memory-budget, says which in --json, same attributions', async () => {
    const home = tempHome();
    const explainIg = async (flags: string[]) => {
      const npy = join(home, `${flags.join('_')}.npy`);
      const run = await runCli(
        ['explain', ...tinyModelFlags(home), '--target', '1', '--json', '--out', join(home, 'h.png')].concat([
          '--save-attributions',
          npy,
          ...flags,
        ]),
        { SNOWBLIND_HOME: home },
      );
      expect(run.code, run.stderr).toBe(0);
      const { params } = JSON.parse(run.stdout) as { params: Record<string, number> };
      const bytes = readFileSync(npy);
      const values = new Float32Array(
        bytes.buffer.slice(bytes.byteOffset + 128, bytes.byteOffset + bytes.length),
      );
      return { params, values };
    };
    const byDefault = await explainIg([]);
    // All 200 steps fit the budget; explain splits them in 10 gradient calls so progress moves.
    expect(byDefault.params).toMatchObject({ internalBatchSize: 20, memoryBudget: 2e9 });
    const oneRow = await explainIg(['--memory-budget', '1e-9']);
    expect(oneRow.params).toMatchObject({ internalBatchSize: 1, memoryBudget: 1 });
    const scale = Math.max(...byDefault.values.map(Math.abs));
    expect(oneRow.values).toHaveLength(3 * 8 * 8);
    oneRow.values.forEach((v, j) => {
      expect(Math.abs(v - byDefault.values[j]!)).toBeLessThan(1e-5 * scale);
    });
    const given = await explainIg(['--internal-batch-size', '7']);
    expect(given.params['internalBatchSize']).toBe(7);
    expect(given.params).not.toHaveProperty('memoryBudget');
  });

  it('refuses --memory-budget with --internal-batch-size, a bad budget, and with occlusion', async () => {
    const home = tempHome();
    const explainWith = (flags: string[]) =>
      runCli(['explain', ...tinyModelFlags(home), ...flags], { SNOWBLIND_HOME: home });
    for (const flags of [
      ['--memory-budget', '1', '--internal-batch-size', '4'],
      ['--memory-budget', '0'],
      ['--memory-budget', '2GB'],
      ['--method', 'occlusion', '--memory-budget', '1'],
    ]) {
      const run = await explainWith(flags);
      expectUserError(run, 'BAD_INPUT');
      expect(run.stderr).toContain('--memory-budget');
    }
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

  it('checks a TF.js model through the converter that runs it (the built-in fmnist-cnn)', async () => {
    const run = await runCli(['gradcheck', '--model', 'fmnist-cnn', '--samples', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { status: string; model: string; samples: unknown[] };
    expect(report.model).toMatch(/fmnist-cnn[/\\]model\.json$/);
    expect(report.samples).toHaveLength(2);
    expect(report.status).toBe('pass');
  });

  it('refuses a path that holds no model with a coded error', async () => {
    expectUserError(await runCli(['gradcheck', '--model', '/nonexistent/model.json']), 'MODEL_NOT_FOUND');
  });
});
