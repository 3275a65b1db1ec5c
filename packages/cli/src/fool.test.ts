import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashionMnistDir, ModelRegistry, parseFoolReport } from '@snowblind/core';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { expectUserError, tempHome } from '../test/run-cli.js';
import { TINY_ONNX, tinyPreset } from '../test/tiny-model.js';
import { foolCommand } from './commands/fool.js';
import { reportError } from './errors.js';
import { memoryIo } from './io.js';

/** `snowblind fool <args>` in-process, through a commander program as main.ts builds it. */
async function runFool(args: readonly string[], home = tempHome()) {
  const io = memoryIo({ SNOWBLIND_HOME: home, CI: 'true' });
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    outputError: (text: string, write: (t: string) => void) =>
      write(`snowblind: error [BAD_INPUT]: ${text.replace(/^error: /, '')}  hint: see --help\n`),
  };
  const fool = foolCommand(io, () => ModelRegistry.open({ home }))
    .exitOverride()
    .configureOutput(output);
  const program = new Command('snowblind').exitOverride().configureOutput(output).addCommand(fool);
  let code = 0;
  try {
    await program.parseAsync(['fool', ...args], { from: 'user' });
  } catch (error) {
    code = reportError(error, io);
  }
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('snowblind fool', () => {
  it('searches per target on an ONNX model, writes PNGs and a JSON report that parses', async () => {
    const home = tempHome();
    const out = join(home, 'found');
    const run = await runFool(
      [
        '--model',
        TINY_ONNX,
        '--preset',
        tinyPreset(home),
        '--targets',
        '0,2',
        '--budget',
        '5',
        '--linf',
        '4',
        '--baseline',
        '10',
        '--out',
        out,
        '--json',
      ],
      home,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = parseFoolReport(JSON.parse(run.stdout));
    expect(report.kind).toBe('fool');
    expect(report.results.map((r) => r.target)).toEqual([0, 2]);
    for (const r of report.results) {
      expect(r.method).toBe('gradient');
      expect(r.confidence).toBeGreaterThan(r.startConfidence);
      expect(r.constraintsHeld).toBe(true);
      expect(r.constraints.find((c) => c.constraint === 'linf')!.value).toBeLessThanOrEqual(4);
      const png = readFileSync(join(out, r.image!));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(JSON.parse(readFileSync(join(out, 'fool.json'), 'utf8'))).toEqual(JSON.parse(run.stdout));
  });

  it('prints the table: target, label, start and final confidence, iterations, constraints', async () => {
    const home = tempHome();
    const run = await runFool(
      [
        '--model',
        TINY_ONNX,
        '--preset',
        tinyPreset(home),
        '--target',
        '1',
        '--method',
        'evolution',
        '--budget',
        '3',
        '--smooth',
        '2',
        '--baseline',
        '5',
        '--out',
        join(home, 'o'),
      ],
      home,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /fool tiny on onnx · evolution \(low-frequency\) · seed-wrap seed 0 · smooth ≤ 2/,
    );
    expect(run.stdout).toMatch(/target\s+label\s+start\s+final\s+preset\s+iters\s+stop\s+constraints/);
    expect(run.stdout).toMatch(
      /^\s+1\s+class 1\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}\s+3\s+budget\s+held \(linf \d+, l2 [\d.]+, smooth [012]\)$/m,
    );
    expect(run.stdout).toMatch(/^found \(1\)/m);
    expect(run.stdout).toMatch(/^noise:seed-wrap \(5\)/m);
    // Progress lines go to stderr when not on a TTY.
    expect(run.stderr).toMatch(/fool: \d+\/4/);
  });

  it('rejects conflicting or bad flags with coded errors', async () => {
    const home = tempHome();
    const base = ['--model', TINY_ONNX, '--preset', tinyPreset(home), '--out', join(home, 'o')];
    expectUserError(await runFool([...base, '--target', '1', '--any'], home), 'BAD_INPUT');
    expectUserError(await runFool([...base, '--linf', '-1'], home), 'BAD_INPUT');
    expectUserError(await runFool([...base, '--unbounded', '--linf', '3'], home), 'BAD_INPUT');
    expectUserError(await runFool([...base, '--targets', '0,99'], home), 'BAD_INPUT');
    expectUserError(
      await runFool([...base, '--method', 'evolution', '--encoding', 'noise-params'], home),
      'BAD_INPUT',
    );
    expect(existsSync(join(home, 'o'))).toBe(false);
  });
});

const hasCnn = (await ModelRegistry.open({ home: tempHome() })).get('fmnist-cnn') !== undefined;
const noFashion = missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir()));

describe.skipIf(!hasCnn || noFashion)('snowblind fool on fmnist-cnn', () => {
  it('compares found images with noise and Fashion-MNIST in the OOD view', async () => {
    const home = tempHome();
    const run = await runFool(
      [
        '--model',
        'fmnist-cnn',
        '--targets',
        '0,8',
        '--budget',
        '5',
        '--baseline',
        '20',
        '--in-distribution',
        'fashion-mnist-test',
        '--id-count',
        '50',
        '--out',
        join(home, 'o'),
        '--json',
      ],
      home,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = parseFoolReport(JSON.parse(run.stdout));
    expect(report.ood.groups.map((g) => g.name)).toEqual(['found', 'noise:seed-wrap', 'fashion-mnist-test']);
    expect(report.ood.groups[0]!.aurocVsReal!.energy).not.toBeNull();
    expect(report.results[1]!.label).toBe('Bag');
  });
});
