import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAKE_LABELS, fakeClassifier, TINY_PRESET } from '../../test/fake-classifier.js';
import { isSnowblindError } from '../errors.js';
import { preprocessInto } from '../image/index.js';
import { noiseImage } from '../noise/index.js';
import type { NoiseSpec } from '../noise/types.js';
import type { AuditOptions, AuditResult } from './audit-types.js';
import { describe as describeValues } from './describe.js';
import { runAudit } from './run-audit.js';
import { softmax } from './softmax.js';

const SPEC: NoiseSpec = { kind: 'uniform', seed: 7, width: 6, height: 6 };

/** Everything but wall-clock fields and the recorded batch size. */
function stable(result: AuditResult) {
  const { startedAt: _s, finishedAt: _f, batchSize: _b, ...rest } = result;
  return { ...rest, runs: rest.runs.map(({ timings: _t, ...run }) => run) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (e) {
    return isSnowblindError(e) ? e.code : String(e);
  }
}

describe('runAudit', () => {
  it('gives identical results for batch sizes 1, 7 and 32', async () => {
    const run = (batchSize: number) =>
      runAudit({ models: [fakeClassifier()], noise: SPEC, count: 50, batchSize, keepSamples: 10 });
    const [a, b, c] = await Promise.all([run(1), run(7), run(32)]);
    expect(stable(b)).toEqual(stable(a));
    expect(stable(c)).toEqual(stable(a));
    expect(a.batchSize).toBe(1);
  });

  it('computes what a one-image-at-a-time reference computes', async () => {
    const count = 23;
    const model = fakeClassifier();
    const result = await runAudit({
      models: [model],
      noise: SPEC,
      count,
      batchSize: 4,
      keepSamples: true,
      topK: 3,
    });
    const confidences: number[] = [];
    const labels: string[] = [];
    const input = new Float32Array(48);
    for (let i = 0; i < count; i++) {
      preprocessInto(noiseImage(SPEC, i), TINY_PRESET, input, 0);
      const logits = await model.predict(input, 1);
      const p = softmax(logits, 1, 5);
      const best = p.indexOf(Math.max(...p));
      confidences.push(p[best]!);
      labels.push(FAKE_LABELS[best]!);
    }
    const run = result.runs[0]!;
    expect(run.describe).toEqual(describeValues(confidences));
    expect(run.labelCounts.reduce((s, r) => s + r.count, 0)).toBe(count);
    expect(run.samples!.map((s) => s.topK[0]!.label)).toEqual(labels);
    expect(run.samples![5]!.topK).toHaveLength(3);
    expect(run.samples![5]!.topK[0]!.score).toBe(confidences[5]);
    expect(run.scores.msp).toEqual(run.describe);
    expect(run.scores.maxLogit!.count).toBe(count);
    expect(run.scores.energy!.min).toBeGreaterThanOrEqual(run.scores.maxLogit!.min);
    expect(run.fractionAbove.map((f) => f.threshold)).toEqual([0.5, 0.9, 0.99]);
    expect(run.model).toEqual({
      id: 'fake-linear',
      format: 'onnx',
      backend: 'cpu',
      engine: 'tfjs',
      preset: 'tiny',
      outputKind: 'logits',
      numClasses: 5,
    });
    expect(run.noise).toMatchObject({
      kind: 'uniform',
      seed: 7,
      width: 6,
      height: 6,
      channels: 3,
      rng: 'default',
    });
    expect(run.timings.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('reports environment facts', async () => {
    const result = await runAudit({ models: [fakeClassifier()], noise: SPEC, count: 1 });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(result.snowblindVersion).toBe(pkg.version);
    expect(result.nodeVersion).toBe(process.version);
    expect(result.hostCores).toBeGreaterThan(0);
    expect(result.seed).toBe(7);
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
  });

  it('probability models get no maxLogit/energy summaries, and the same confidences', async () => {
    const result = await runAudit({
      models: [fakeClassifier(), fakeClassifier({ id: 'probs', outputKind: 'probabilities' })],
      noise: SPEC,
      count: 20,
    });
    const [logits, probs] = result.runs;
    expect(probs!.scores.maxLogit).toBeNull();
    expect(probs!.scores.energy).toBeNull();
    expect(probs!.labelCounts).toEqual(logits!.labelCounts);
    expect(probs!.describe.mean).toBeCloseTo(logits!.describe.mean, 6);
  });

  it('runs each (model, kind), models outer, and shares the preprocessed batch within a preset', async () => {
    const seen: Float32Array[][] = [[], []];
    const models = [0, 1].map((k) =>
      fakeClassifier({ id: `m${k}`, scale: k + 1, onPredict: (input) => seen[k]!.push(input) }),
    );
    const noise: NoiseSpec[] = [SPEC, { kind: 'gaussian', seed: 3, width: 6, height: 6 }];
    const result = await runAudit({ models, noise, count: 10, batchSize: 4 });
    expect(result.runs.map((r) => `${r.model.id}/${r.kind}`)).toEqual([
      'm0/uniform',
      'm0/gaussian',
      'm1/uniform',
      'm1/gaussian',
    ]);
    // Same buffer object for both models and every full batch: allocated once, reused.
    const full = seen[0]!.filter((x) => x.length === 4 * 48);
    expect(new Set(full).size).toBe(1);
    expect(seen[1]![0]).toBe(seen[0]![0]);
    expect(seen[0]![2]!.length).toBe(2 * 48); // last batch of 10 at size 4
  });

  it('startIndex shards: two halves reproduce the samples of the whole', async () => {
    const base: AuditOptions = {
      models: [fakeClassifier()],
      noise: SPEC,
      count: 12,
      keepSamples: true,
      batchSize: 5,
    };
    const whole = await runAudit(base);
    const first = await runAudit({ ...base, count: 7 });
    const second = await runAudit({ ...base, count: 5, startIndex: 7 });
    expect(second.runs[0]!.samples![0]!.index).toBe(7);
    expect([...first.runs[0]!.samples!, ...second.runs[0]!.samples!]).toEqual(whole.runs[0]!.samples);
  });

  it('keepSamples N keeps the first N only', async () => {
    const result = await runAudit({
      models: [fakeClassifier()],
      noise: SPEC,
      count: 9,
      keepSamples: 4,
      batchSize: 3,
    });
    expect(result.runs[0]!.samples!.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    const none = await runAudit({ models: [fakeClassifier()], noise: SPEC, count: 2 });
    expect(none.runs[0]!.samples).toBeUndefined();
  });

  it('reports progress after every batch', async () => {
    const events: { processed: number; total: number }[] = [];
    await runAudit({
      models: [fakeClassifier()],
      noise: SPEC,
      count: 10,
      batchSize: 4,
      onProgress: (p) => {
        expect(p.model).toBe('fake-linear');
        expect(p.kind).toBe('uniform');
        events.push({ processed: p.processed, total: p.total });
      },
    });
    expect(events).toEqual([
      { processed: 4, total: 10 },
      { processed: 8, total: 10 },
      { processed: 10, total: 10 },
    ]);
  });

  it('cancels with CANCELLED, before starting or between batches', async () => {
    const before = new AbortController();
    before.abort();
    expect(
      await codeOf(runAudit({ models: [fakeClassifier()], noise: SPEC, count: 5, signal: before.signal })),
    ).toBe('CANCELLED');
    const during = new AbortController();
    const model = fakeClassifier();
    const code = await codeOf(
      runAudit({
        models: [model],
        noise: SPEC,
        count: 100,
        batchSize: 10,
        signal: during.signal,
        onProgress: (p) => {
          if (p.processed === 20) during.abort();
        },
      }),
    );
    expect(code).toBe('CANCELLED');
    expect(model.calls).toBe(2);
  });

  it('rejects bad options with BAD_INPUT', async () => {
    const ok: AuditOptions = { models: [fakeClassifier()], noise: SPEC, count: 3 };
    for (const bad of [
      { count: 0 },
      { count: 10_000_001 },
      { count: 2.5 },
      { batchSize: 0 },
      { batchSize: 4097 },
      { topK: 0 },
      { startIndex: -1 },
      { keepSamples: -2 },
      { models: [] },
      { models: [fakeClassifier(), fakeClassifier()] },
      { noise: [] },
      { noise: { kind: 'uniform', seed: -1 } as NoiseSpec },
    ] as Partial<AuditOptions>[]) {
      expect(await codeOf(runAudit({ ...ok, ...bad })), JSON.stringify(bad)).toBe('BAD_INPUT');
    }
  });

  it('rejects a model that returns the wrong shape with SHAPE_MISMATCH', async () => {
    const model = {
      ...fakeClassifier(),
      predict: async (_: Float32Array, n: number) => new Float32Array(n * 3),
    };
    expect(await codeOf(runAudit({ models: [model], noise: SPEC, count: 2 }))).toBe('SHAPE_MISMATCH');
  });
});
