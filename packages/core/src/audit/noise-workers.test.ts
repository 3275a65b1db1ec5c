import { describe, expect, it } from 'vitest';
import { fakeClassifier, TINY_PRESET } from '../../test/fake-classifier.js';
import { isSnowblindError } from '../errors.js';
import { inputShape } from '../image/index.js';
import { validateNoiseSpec } from '../noise/index.js';
import type { NoiseSpec } from '../noise/types.js';
import type { AuditResult } from './audit-types.js';
import {
  inThreadBatches,
  liveNoiseWorkers,
  type NoiseRun,
  NoiseWorkerPool,
  noiseWorkerCount,
} from './noise-workers.js';
import { runAudit } from './run-audit.js';

/** Everything but wall-clock fields. */
function stable(result: AuditResult) {
  const { startedAt: _s, finishedAt: _f, ...rest } = result;
  return { ...rest, runs: rest.runs.map(({ timings: _t, ...run }) => run) };
}

const SPECS: NoiseSpec[] = [
  { kind: 'seed-wrap', seed: 3, width: 9, height: 7, rng: 'numpy' },
  { kind: 'gaussian', seed: 5, width: 6, height: 6 },
  { kind: 'uniform', seed: 1, width: 6, height: 6, rng: 'numpy' },
];

function runOf(spec: NoiseSpec, start: number, count: number, batchSize: number): NoiseRun {
  return {
    spec: validateNoiseSpec(spec),
    preset: TINY_PRESET,
    size: inputShape(TINY_PRESET).size,
    start,
    count,
    batchSize,
  };
}

async function collect(batches: ReturnType<typeof inThreadBatches>, count: number): Promise<number[]> {
  const values: number[] = [];
  for (let done = 0; done < count; ) {
    const batch = await batches.next();
    values.push(...batch.input);
    done += batch.n;
    batches.release(batch);
  }
  return values;
}

describe('noise workers', () => {
  it('make the same tensors as the audit thread, for 1, 2 and 3 workers', async () => {
    const pool = NoiseWorkerPool.start(3);
    expect(pool, 'the worker script runs under vitest through tsx').toBeDefined();
    try {
      for (const spec of SPECS) {
        const run = runOf(spec, 4, 29, 5);
        const expected = await collect(inThreadBatches(run), run.count);
        for (const workers of [1, 2, 3]) {
          expect(await collect(pool!.batches(run, workers), run.count)).toEqual(expected);
        }
      }
    } finally {
      await pool!.close();
    }
    expect(liveNoiseWorkers()).toBe(0);
  });

  it('give runAudit identical results for 0, 1, 2 and 3 workers and leave none running', async () => {
    const run = (noiseWorkers: number) =>
      runAudit({
        models: [fakeClassifier(), fakeClassifier({ id: 'other', phase: 1 })],
        noise: SPECS,
        count: 37,
        batchSize: 4,
        keepSamples: 5,
        startIndex: 2,
        noiseWorkers,
      });
    const reference = stable(await run(0));
    for (const workers of [1, 2, 3]) expect(stable(await run(workers))).toEqual(reference);
    expect(liveNoiseWorkers()).toBe(0);
  });

  it('terminate the workers when the audit fails', async () => {
    const broken = { ...fakeClassifier(), predict: async () => new Float32Array(1) };
    const error = await runAudit({
      models: [broken],
      noise: SPECS[0]!,
      count: 20,
      batchSize: 4,
      noiseWorkers: 2,
    }).catch((e: unknown) => e);
    expect(isSnowblindError(error) && error.code).toBe('SHAPE_MISMATCH');
    expect(liveNoiseWorkers()).toBe(0);
  });

  it('choose none for small audits and onnxruntime models, one for numpy streams, and honour an explicit count', () => {
    const big = (rng: 'numpy' | 'default') => runOf({ kind: 'seed-wrap', seed: 0, rng }, 0, 1000, 16);
    expect(noiseWorkerCount('auto', runOf(SPECS[0]!, 0, 100, 16))).toBe(0);
    expect(noiseWorkerCount('auto', big('numpy'))).toBe(1);
    expect(noiseWorkerCount('auto', big('default'))).toBeGreaterThanOrEqual(1);
    expect(noiseWorkerCount(3, big('numpy'))).toBe(3);
    expect(() => noiseWorkerCount(-1, big('numpy'))).toThrow(/noiseWorkers/);
    // onnxruntime keeps every core busy: noise is made between its forward passes instead.
    expect(noiseWorkerCount('auto', big('default'), ['onnx', 'onnx'])).toBe(0);
    expect(noiseWorkerCount('auto', big('numpy'), ['onnx', 'wasm'])).toBe(1);
    expect(noiseWorkerCount(2, big('numpy'), ['onnx'])).toBe(2);
  });
});
