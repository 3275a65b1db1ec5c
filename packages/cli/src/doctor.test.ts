import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';
import type { DoctorCheck } from './commands/doctor.js';

describe('snowblind doctor', () => {
  it('lists every engine and device, usable or with the reason it is not', async () => {
    const run = await runCli(['doctor', '--json']);
    expect(run.code).toBe(0);
    const { checks } = JSON.parse(run.stdout) as { checks: DoctorCheck[] };
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual([
      'onnxruntime cpu',
      'onnxruntime cuda',
      'TF.js tensorflow-gpu',
      'TF.js tensorflow',
      'TF.js wasm',
      'TF.js cpu',
      'NVIDIA GPU',
      'built-in models',
    ]);
    // What npm ci installs everywhere.
    for (const name of ['onnxruntime cpu', 'TF.js wasm', 'TF.js cpu', 'built-in models'])
      expect(byName[name]!.available, name).toBe(true);
    expect(byName['built-in models']!.detail).toMatch(/^5 in .*models\/registry\.json$/);
    // Whatever is missing says why, and how to get it.
    for (const check of checks.filter((c) => !c.available)) expect(check.detail, check.name).toMatch(/\w{3}/);
    if (!byName['onnxruntime cuda']!.available)
      expect(byName['onnxruntime cuda']!.detail).toContain('CUDA is not available to onnxruntime');
    if (!byName['TF.js tensorflow']!.available)
      expect(byName['TF.js tensorflow']!.detail).toContain('npm install @tensorflow/tfjs-node');
  });

  it('prints a table', async () => {
    const run = await runCli(['doctor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^node v\d+\.\d+\.\d+ · \w+ \w+ · \d+ cores\n\nengine \/ device\s+usable\s+detail\n/,
    );
    expect(run.stdout).toMatch(/^onnxruntime cpu\s+yes\s+bundled CPU provider$/m);
  });
});
