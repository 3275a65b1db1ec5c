import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditReport, fashionMnistDir, parseReport } from '@snowblind/core';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency } from '@snowblind/test-utils';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { expectUserError, runCli } from '../test/run-cli.js';

const FASHION = ['fmnist-mlp', 'fmnist-cnn', 'fmnist-resnet', 'fmnist-cnn-oe'];

async function auditJson(args: readonly string[]): Promise<AuditReport> {
  const run = await runCli(['audit', ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return parseReport(JSON.parse(run.stdout));
}

/** `model: width×height×channels` of every run. */
function geometry(report: AuditReport): string[] {
  return report.runs.map((r) => `${r.model.id}: ${r.noise.width}×${r.noise.height}×${r.noise.channels}`);
}

describe('`snowblind audit` with no --model: ImageNet beside Fashion-MNIST', () => {
  it("runs the article's 256² RGB noise on squeezenet1.1 and 28² gray noise on the Fashion-MNIST models", async () => {
    const report = await auditJson(['-n', '200']);
    expect(geometry(report)).toEqual(['squeezenet1.1: 256×256×3', ...FASHION.map((id) => `${id}: 28×28×1`)]);
    expect(report.runs.every((r) => r.kind === 'seed-wrap' && r.noise.seed === 0 && r.count === 200)).toBe(
      true,
    );
    const mean = (id: string) => report.runs.find((r) => r.model.id === id)!.describe.mean!;
    // The same numbers as separate runs measured before (README: `audit --model <zoo squeezenet>
    // -n 200` and `audit --size native -n 200` on fmnist-cnn).
    expect(mean('squeezenet1.1')).toBeCloseTo(0.186729, 6);
    expect(mean('fmnist-cnn')).toBeCloseTo(0.67851, 6);
    expect(report.runs.find((r) => r.model.id === 'squeezenet1.1')!.model).toMatchObject({
      preset: 'caffe-bgr',
      backend: 'onnx',
    });
  }, 120_000);

  it('prints a summary first, then one titled section per group', async () => {
    const run = await runCli(['audit', '-n', '8', '-q']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('top-1 confidence on noise (count 8 per row)');
    expect(lines[2]).toMatch(/^model\s+noise\s+mean\s+max\s+>0\.5\s+>0\.9\s+most common top-1 label$/);
    expect(lines[3]).toMatch(
      /^squeezenet1\.1\s+seed-wrap 256×256 RGB\s+0\.\d{3}\s+0\.\d{3}\s+0\.0%\s+0\.0%\s+\S/,
    );
    for (const [i, id] of FASHION.entries())
      expect(lines[4 + i]).toMatch(new RegExp(`^${id}\\s+seed-wrap 28×28 gray`));
    const imagenet = run.stdout.indexOf("[1/2] ImageNet: the article's experiment · 256×256 RGB noise\n====");
    const fashion = run.stdout.indexOf(
      "[2/2] Fashion-MNIST: noise at the models' own input size · 28×28 gray noise\n",
    );
    expect(imagenet).toBeGreaterThan(0);
    expect(fashion).toBeGreaterThan(imagenet);
    expect(run.stdout.slice(imagenet, fashion)).toContain('Name: squeezenet1.1, dtype: int64');
    expect(run.stdout.slice(fashion)).toMatch(/^count\s+8\.0+\s+8\.0+\s+8\.0+\s+8\.0+$/m);
  }, 60_000);

  it('--size applies to every model; --size native makes noise at each group’s input size', async () => {
    expect(geometry(await auditJson(['-n', '2', '--size', '64']))).toEqual(
      ['squeezenet1.1', ...FASHION].map((id) => `${id}: 64×64×3`),
    );
    expect(geometry(await auditJson(['-n', '2', '--size', 'native']))).toEqual([
      'squeezenet1.1: 224×224×3',
      ...FASHION.map((id) => `${id}: 28×28×1`),
    ]);
  }, 60_000);

  it('--backend (and SNOWBLIND_BACKEND) applies to the models it can run', async () => {
    const backends = (report: AuditReport) => report.runs.map((r) => r.model.backend);
    expect(backends(await auditJson(['-n', '2', '--backend', 'cpu']))).toEqual([
      'onnx',
      'cpu',
      'cpu',
      'cpu',
      'cpu',
    ]);
    // Without either, the TF.js models run converted (engine auto); commander reads the variable
    // from the process environment.
    expect(backends(await auditJson(['-n', '2']))).toEqual(['onnx', 'onnx', 'onnx', 'onnx', 'onnx']);
    vi.stubEnv('SNOWBLIND_BACKEND', 'wasm');
    try {
      const env = await runCli(['audit', '-n', '2', '--json']);
      expect(env.code).toBe(0);
      expect(backends(parseReport(JSON.parse(env.stdout)))).toEqual(['onnx', 'wasm', 'wasm', 'wasm', 'wasm']);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);

  it('--preset and --labels without --model are errors naming --model, not a silent default', async () => {
    for (const flag of ['--preset', '--labels']) {
      const run = await runCli(['audit', '-n', '2', flag, 'caffe-bgr']);
      expectUserError(run, 'BAD_INPUT');
      expect(run.stderr).toContain(`${flag}: applies to one model, and the default audit runs several`);
      expect(run.stderr).toContain('--model');
    }
  });

  it('--model keeps the single-audit layout', async () => {
    const run = await runCli(['audit', '-m', 'fmnist-cnn', '-n', '4', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^noise seed-wrap · seed 0 · 4 images \[0\.\.3\] · fmnist-cnn: /);
    expect(run.stdout).not.toContain('top-1 confidence on noise');
  });

  it('a folder of photos for --in-distribution scores the ImageNet model only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowblind-id-'));
    for (const [i, v] of [60, 200].entries()) {
      await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: v, g: 90, b: 255 - v } } })
        .png()
        .toFile(join(dir, `photo-${i}.png`));
    }
    const report = await auditJson(['-n', '4', '--in-distribution', dir]);
    expect(report.runs.map((r) => [r.model.id, r.ood?.count])).toEqual([
      ['squeezenet1.1', 2],
      ...FASHION.map((id) => [id, undefined]),
    ]);
  }, 60_000);

  it.skipIf(missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir())))(
    '--in-distribution fashion-mnist-test scores the Fashion-MNIST models only',
    async () => {
      const report = await auditJson([
        '-n',
        '4',
        '--in-distribution',
        'fashion-mnist-test',
        '--id-count',
        '50',
      ]);
      expect(report.runs.map((r) => [r.model.id, r.ood?.count])).toEqual([
        ['squeezenet1.1', undefined],
        ...FASHION.map((id) => [id, 50]),
      ]);
    },
    60_000,
  );
});
