import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { idleQueue } from '../test/idle-queue.js';
import { testServer, testSocketServer } from '../test/test-server.js';
import type { Job } from './jobs/job-types.js';
import { createServer, type RunningServer, type SnowblindServer } from './server.js';

/** A registry entry whose preset says 224×224×3 (torchvision): the size checks read the preset only. */
const WIDE_MODEL_ID = 'tiny-as-224';

/** Records what reaches the runner and never runs it: refusals must happen before a job is queued. */
const submitted: Job[] = [];
const recordingQueue = idleQueue((job) => submitted.push(job));

const START = 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id status } }';
const EXPLAIN = 'mutation($i: ExplainInput!) { explain(input: $i) { id status } }';
const FOOL = 'mutation($i: FoolInput!) { fool(input: $i) { id status } }';
const NOISE = { spec: { kind: 'seed-wrap', seed: 0 }, index: 0 };

let server: SnowblindServer;
let modelsRoot: string;
beforeAll(async () => {
  modelsRoot = await makeModelsRoot();
  const registry = JSON.parse(await readFile(join(modelsRoot, 'registry.json'), 'utf8'));
  const tiny = registry.models[0];
  registry.models.push({ ...tiny, id: WIDE_MODEL_ID, preset: 'torchvision', default: false });
  await writeFile(join(modelsRoot, 'registry.json'), JSON.stringify(registry));
  server = await testServer({ modelsRoot, queue: recordingQueue });
});
afterAll(async () => {
  await server.close();
});

/** Sends `query`, expects one JOB_TOO_LARGE naming `option` and its flag, and that nothing was queued. */
async function expectTooLarge(
  fetch: SnowblindServer['fetch'],
  query: string,
  input: unknown,
  option: string,
  flag: string,
  base?: string,
) {
  const before = submitted.length;
  const r = await gql(fetch, query, { i: input }, {}, base);
  expect(r.status).toBe(200);
  expect(codes(r)).toEqual(['JOB_TOO_LARGE']);
  const error = r.errors![0]!;
  expect(error.message).toContain(`jobLimits.${option}`);
  expect(error.extensions?.hint).toContain(`snowblind serve ${flag}`);
  expect(error.message).not.toMatch(/\/tmp|\n\s+at /);
  expect(submitted.length).toBe(before);
}

describe('job work limits (defaults)', () => {
  it('refuses a 1,000,000-image 4096² audit at submission and stores nothing', async () => {
    const huge = {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'seed-wrap', seed: 0, width: 4096, height: 4096 }],
      count: 1_000_000,
      batchSize: 1,
    };
    await expectTooLarge(server.fetch, START, huge, 'maxAuditValues', '--max-audit-values');
    const list = await gql(server.fetch, '{ audits(first: 5) { edges { node { id } } } }');
    expect(list.data!.audits.edges).toEqual([]);
  });

  it('refuses an audit whose one batch would not fit in memory', async () => {
    const wide = {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'uniform', seed: 0, width: 4096, height: 4096 }],
      count: 64,
      batchSize: 64,
    };
    await expectTooLarge(server.fetch, START, wide, 'maxBatchValues', '--max-batch-values');
  });

  it('counts every run: the same images over more models and specs go over', async () => {
    const spec = (seed: number) => ({ kind: 'seed-wrap', seed, width: 256, height: 256 });
    const one = { models: [TINY_MODEL_ID], noise: [spec(0)], count: 1_000_000 };
    const accepted = await gql(server.fetch, START, { i: one });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.startAudit.status).toBe('QUEUED');
    await expectTooLarge(
      server.fetch,
      START,
      { ...one, noise: [spec(0), spec(1)] },
      'maxAuditValues',
      '--max-audit-values',
    );
  });

  it('refuses a noise tunnel of 1,000 steps × 100 samples on a 224×224×3 model', async () => {
    const input = {
      model: WIDE_MODEL_ID,
      method: 'NOISE_TUNNEL',
      noise: NOISE,
      params: { nSteps: 1000, ntSamples: 100 },
    };
    await expectTooLarge(server.fetch, EXPLAIN, input, 'maxExplainValues', '--max-explain-values');
    const small = await gql(server.fetch, EXPLAIN, { i: { ...input, params: { nSteps: 20, ntSamples: 5 } } });
    expect(small.errors).toBeUndefined();
  });

  it('counts occlusion windows in the model layout', async () => {
    // 1×1×1 windows with stride 1 on 3×224×224: 150,528 windows of 150,528 values.
    const input = {
      model: WIDE_MODEL_ID,
      method: 'OCCLUSION',
      noise: NOISE,
      params: { slidingWindow: [1, 1, 1], strides: [1, 1, 1] },
    };
    await expectTooLarge(server.fetch, EXPLAIN, input, 'maxExplainValues', '--max-explain-values');
    const reference = await gql(server.fetch, EXPLAIN, {
      i: { ...input, params: { slidingWindow: [3, 15, 15], strides: [3, 8, 8] } },
    });
    expect(reference.errors).toBeUndefined();
    const wrongAxes = await gql(server.fetch, EXPLAIN, {
      i: { ...input, params: { slidingWindow: [15, 15], strides: [8, 8] } },
    });
    expect(codes(wrongAxes)).toEqual(['BAD_INPUT']);
  });

  it('counts the numpy-rng noise an explanation or a fool search replays to reach its index', async () => {
    // The numpy stream is sequential: image 10,000 of 256×256×3 replays 1.97e9 values first.
    const far = { spec: { kind: 'seed-wrap', seed: 0, rng: 'numpy' }, index: 10_000 };
    const saliency = { model: WIDE_MODEL_ID, method: 'SALIENCY' };
    await expectTooLarge(
      server.fetch,
      EXPLAIN,
      { ...saliency, noise: far },
      'maxExplainValues',
      '--max-explain-values',
    );
    const near = await gql(server.fetch, EXPLAIN, { i: { ...saliency, noise: { ...far, index: 100 } } });
    expect(near.errors).toBeUndefined();
    const fool = {
      model: WIDE_MODEL_ID,
      method: 'GRADIENT',
      budget: 1,
      noise: { kind: 'seed-wrap', seed: 0, rng: 'numpy' },
    };
    await expectTooLarge(
      server.fetch,
      FOOL,
      { ...fool, index: 10_000 },
      'maxFoolValues',
      '--max-fool-values',
    );
    expect((await gql(server.fetch, FOOL, { i: { ...fool, index: 10 } })).errors).toBeUndefined();
  });

  it('refuses a fool search by budget × population × pixels, and says GRADIENT is cheaper', async () => {
    const evolution = { model: WIDE_MODEL_ID, method: 'EVOLUTION', budget: 100 };
    await expectTooLarge(server.fetch, FOOL, evolution, 'maxFoolValues', '--max-fool-values');
    const r = await gql(server.fetch, FOOL, { i: { ...evolution, method: undefined } });
    expect(r.errors![0]!.extensions?.hint).toContain('method GRADIENT');
    const gradient = await gql(server.fetch, FOOL, { i: { ...evolution, method: 'GRADIENT' } });
    expect(gradient.errors).toBeUndefined();
  });
});

describe('job work limits (server option)', () => {
  let small: SnowblindServer;
  beforeAll(async () => {
    small = await testServer({
      modelsRoot,
      queue: recordingQueue,
      jobLimits: { maxAuditValues: 10 * 784, maxExplainValues: 784 * 50, maxFoolValues: 784 * 10 },
    });
  });
  afterAll(async () => {
    await small.close();
  });

  it('applies jobLimits to every job kind', async () => {
    const audit = {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'constant', seed: 0, width: 28, height: 28, channels: 1 }],
    };
    expect((await gql(small.fetch, START, { i: { ...audit, count: 10 } })).errors).toBeUndefined();
    await expectTooLarge(small.fetch, START, { ...audit, count: 11 }, 'maxAuditValues', '--max-audit-values');
    const ig = { model: TINY_MODEL_ID, method: 'INTEGRATED_GRADIENTS', noise: NOISE };
    expect(
      (await gql(small.fetch, EXPLAIN, { i: { ...ig, params: { nSteps: 50 } } })).errors,
    ).toBeUndefined();
    await expectTooLarge(
      small.fetch,
      EXPLAIN,
      { ...ig, params: { nSteps: 51 } },
      'maxExplainValues',
      '--max-explain-values',
    );
    const fool = { model: TINY_MODEL_ID, method: 'GRADIENT' };
    expect((await gql(small.fetch, FOOL, { i: { ...fool, budget: 10 } })).errors).toBeUndefined();
    await expectTooLarge(small.fetch, FOOL, { ...fool, budget: 11 }, 'maxFoolValues', '--max-fool-values');
  });

  it('refuses a bad limit when the server is created', () => {
    expect(() =>
      createServer({
        dataDir: tempDir(),
        modelsRoot,
        queue: recordingQueue,
        jobLimits: { maxAuditValues: 0 },
      }),
    ).toThrow(/jobLimits.maxAuditValues/);
  });
});

describe('job work limits on a real socket', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await testSocketServer({ modelsRoot, queue: recordingQueue });
  });
  afterAll(async () => {
    await running.close();
  });

  it('refuses the 1,000,000-image 4096² audit over HTTP with JOB_TOO_LARGE', async () => {
    const huge = {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'seed-wrap', seed: 0, width: 4096, height: 4096 }],
      count: 1_000_000,
    };
    const base = running.url.replace(/\/graphql$/, '');
    await expectTooLarge(fetch, START, huge, 'maxAuditValues', '--max-audit-values', base);
  });
});
