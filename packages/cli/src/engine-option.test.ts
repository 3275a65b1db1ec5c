import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport } from '@snowblind/core';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, runCli } from '../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'snowblind-engine-'));
const gray = join(dir, 'gray.png');

beforeAll(async () => {
  await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: 90, g: 90, b: 90 } } })
    .png()
    .toFile(gray);
});

describe('--engine', () => {
  it('accepts auto, onnx and tfjs only', async () => {
    const run = await runCli(['classify', gray, '-m', 'fmnist-mlp', '--engine', 'torch']);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toMatch(/--engine <name>' argument 'torch' is invalid.*auto, onnx, tfjs/);
  });

  it('tfjs runs a TF.js model on the TF.js engine; the JSON says which backend', async () => {
    const run = await runCli(['classify', gray, '-m', 'fmnist-mlp', '--engine', 'tfjs', '--json']);
    expect(run.code).toBe(0);
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(
      (JSON.parse(run.stdout) as { backend: string }).backend,
    );
  });

  it('tfjs on an ONNX model, or contradicting --backend, is a coded error', async () => {
    expectUserError(
      await runCli(['classify', gray, '-m', 'squeezenet1.1', '--engine', 'tfjs']),
      'BACKEND_UNAVAILABLE',
    );
    const run = await runCli(['classify', gray, '-m', 'fmnist-mlp', '--engine', 'onnx', '--backend', 'wasm']);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain('--engine onnx contradicts --backend wasm');
  });

  it('explain --method ig runs on the converted model by default; its JSON names the engine', async () => {
    const summary = async (extra: string[]) => {
      const run = await runCli([
        'explain',
        '-m',
        'fmnist-cnn',
        '--size',
        '28',
        '--method',
        'ig',
        '--json',
        '--out',
        join(dir, `ig-${extra.length}.png`),
        ...extra,
      ]);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { backend: string; engine: string; convergenceDelta: number };
    };
    const converted = await summary([]);
    expect(converted).toMatchObject({ backend: 'onnx', engine: 'onnx' });
    const tfjs = await summary(['--engine', 'tfjs']);
    expect(tfjs.engine).toBe('tfjs');
    expect(tfjs.backend).not.toBe('onnx');
    expect(converted.convergenceDelta).toBeCloseTo(tfjs.convergenceDelta, 4);
  }, 60_000);

  it('the default audit applies --engine tfjs to the TF.js models only; the report records the engine', async () => {
    const run = await runCli(['audit', '-n', '2', '--engine', 'tfjs', '--json']);
    expect(run.code).toBe(0);
    const engines = parseReport(JSON.parse(run.stdout)).runs.map((r) => `${r.model.id}: ${r.model.engine}`);
    expect(engines).toEqual([
      'squeezenet1.1: onnx',
      'fmnist-mlp: tfjs',
      'fmnist-cnn: tfjs',
      'fmnist-resnet: tfjs',
      'fmnist-cnn-oe: tfjs',
    ]);
  }, 60_000);
});
