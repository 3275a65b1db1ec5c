import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, TINY_MODEL_ID, tempDir, until } from '../test/helpers.js';
import { testServer, testSocketServer } from '../test/test-server.js';
import type { WorkerPool } from './jobs/worker-pool.js';
import type { RunningServer, SnowblindServer } from './server.js';

const START = 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id status } }';
const CANCEL_AUDIT = 'mutation($id: ID!) { cancelAudit(id: $id) { id status error { code } } }';
const CANCEL_EXPLANATION = 'mutation($id: ID!) { cancelExplanation(id: $id) { id status error { code } } }';
const CANCEL_FOOL = 'mutation($id: ID!) { cancelFool(id: $id) { id status error { code } } }';
const AUDIT = `query($id: ID!) { audit(id: $id) {
  status progress { processed } runs { describe { count mean std min max } labelCounts { label count } }
} }`;

/** An explanation that runs for many seconds on the tiny model: 1,000 IG steps × 100 samples, one row per call. */
const LONG_EXPLANATION = {
  model: TINY_MODEL_ID,
  method: 'NOISE_TUNNEL',
  noise: { spec: { kind: 'seed-wrap', seed: 0 }, index: 0 },
  params: { nSteps: 1000, ntSamples: 100, internalBatchSize: 1 },
};
/** An evolution search of 10,000 iterations (16 candidates each). */
const LONG_FOOL = { model: TINY_MODEL_ID, method: 'EVOLUTION', budget: 10_000 };
/** An audit of many small batches, long enough to be cancelled mid-run. */
const LONG_AUDIT = {
  models: [TINY_MODEL_ID],
  noise: [{ kind: 'seed-wrap', seed: 5, width: 64, height: 64 }],
  count: 200_000,
  batchSize: 100,
};

const pool = (server: SnowblindServer) => server.services.audits.queue as WorkerPool;

async function explanationStatus(server: SnowblindServer, id: string): Promise<string> {
  const r = await gql(server.fetch, 'query($id: ID!) { explanation(id: $id) { status } }', { id });
  return r.data!.explanation.status;
}

async function foolStatus(server: SnowblindServer, id: string): Promise<string> {
  const r = await gql(server.fetch, 'query($id: ID!) { foolResult(id: $id) { status } }', { id });
  return r.data!.foolResult.status;
}

const audit = async (server: SnowblindServer, id: string) =>
  (await gql(server.fetch, AUDIT, { id })).data!.audit;

async function startAudit(server: SnowblindServer, input: object): Promise<string> {
  const r = await gql(server.fetch, START, { i: input });
  expect(r.errors).toBeUndefined();
  return r.data!.startAudit.id;
}

const settled = (status: string) => !['QUEUED', 'RUNNING'].includes(status);

describe('cancelling jobs (default grace)', () => {
  let server: SnowblindServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('cancels a queued audit (it never starts) and a running one; the lane is free after', async () => {
    const running = await startAudit(server, LONG_AUDIT);
    await until(
      () => audit(server, running),
      (a) => a.progress.processed > 0,
    );
    const queued = await startAudit(server, LONG_AUDIT);
    expect(pool(server).stats().waiting.audit).toBe(1);
    const cancelQueued = await gql(server.fetch, CANCEL_AUDIT, { id: queued });
    expect(cancelQueued.data!.cancelAudit).toMatchObject({
      status: 'CANCELLED',
      error: { code: 'CANCELLED' },
    });
    expect(pool(server).stats().waiting.audit).toBe(0);
    expect((await audit(server, queued)).progress.processed).toBe(0);

    const cancelRunning = await gql(server.fetch, CANCEL_AUDIT, { id: running });
    expect(cancelRunning.data!.cancelAudit.status).toBe('CANCELLED');
    expect(pool(server).stats().busy.audit).toBe(0);
    expect(codes(await gql(server.fetch, CANCEL_AUDIT, { id: running }))).toEqual(['BAD_STATE']);
  });

  it('cancels an audit whose worker is busy in one long batch (4096² images), before its first batch', async () => {
    const id = await startAudit(server, {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'seed-wrap', seed: 0, width: 4096, height: 4096 }],
      count: 4,
      batchSize: 2,
    });
    // RUNNING as soon as the worker has the model, long before the first 4096² batch is done.
    await until(
      () => audit(server, id),
      (a) => a.status === 'RUNNING',
    );
    expect(pool(server).stats().busy.audit).toBe(1);
    const cancelled = await gql(server.fetch, CANCEL_AUDIT, { id });
    expect(cancelled.data!.cancelAudit.status).toBe('CANCELLED');
    expect(pool(server).stats().busy.audit).toBe(0);
    // The lane takes the next audit on a fresh worker.
    const next = await startAudit(server, { ...LONG_AUDIT, count: 200 });
    expect(
      (
        await until(
          () => audit(server, next),
          (a) => settled(a.status),
        )
      ).status,
    ).toBe('SUCCEEDED');
  });

  it('runs an audit to the end while a long explanation holds the interactive lane; cancels both queued and running interactive jobs', async () => {
    const explained = await gql(server.fetch, 'mutation($i: ExplainInput!) { explain(input: $i) { id } }', {
      i: LONG_EXPLANATION,
    });
    expect(explained.errors).toBeUndefined();
    const explanation = explained.data!.explain.id as string;
    await until(
      () => explanationStatus(server, explanation),
      (s) => s === 'RUNNING',
    );
    const fooled = await gql(server.fetch, 'mutation($i: FoolInput!) { fool(input: $i) { id status } }', {
      i: LONG_FOOL,
    });
    const fool = fooled.data!.fool.id as string;
    expect(pool(server).stats().waiting.interactive).toBe(1);

    const id = await startAudit(server, { ...LONG_AUDIT, count: 300 });
    const done = await until(
      () => audit(server, id),
      (a) => settled(a.status),
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(await explanationStatus(server, explanation)).toBe('RUNNING');

    const cancelQueued = await gql(server.fetch, CANCEL_FOOL, { id: fool });
    expect(cancelQueued.data!.cancelFool).toMatchObject({
      status: 'CANCELLED',
      error: { code: 'CANCELLED' },
    });
    const cancelRunning = await gql(server.fetch, CANCEL_EXPLANATION, { id: explanation });
    expect(cancelRunning.data!.cancelExplanation).toMatchObject({
      status: 'CANCELLED',
      error: { code: 'CANCELLED' },
    });
    expect(pool(server).stats()).toMatchObject({
      busy: { audit: 0, interactive: 0 },
      waiting: { audit: 0, interactive: 0 },
    });
    expect(codes(await gql(server.fetch, CANCEL_EXPLANATION, { id: explanation }))).toEqual(['BAD_STATE']);
  });

  it('says which job is unknown', async () => {
    expect(codes(await gql(server.fetch, CANCEL_EXPLANATION, { id: 'x' }))).toEqual([
      'EXPLANATION_NOT_FOUND',
    ]);
    expect(codes(await gql(server.fetch, CANCEL_FOOL, { id: 'x' }))).toEqual(['FOOL_NOT_FOUND']);
  });
});

describe('cancelling cooperatively (a grace long enough that nothing is terminated)', () => {
  let server: SnowblindServer;
  beforeAll(async () => {
    server = await testServer({ jobLimits: { cancelGraceMs: 60_000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('stops a running fool search at its next iteration (polled between steps), keeping its worker', async () => {
    const fooled = await gql(server.fetch, 'mutation($i: FoolInput!) { fool(input: $i) { id } }', {
      i: LONG_FOOL,
    });
    const id = fooled.data!.fool.id as string;
    await until(
      () => foolStatus(server, id),
      (s) => s === 'RUNNING',
    );
    const cancelled = await gql(server.fetch, CANCEL_FOOL, { id });
    expect(cancelled.data!.cancelFool.status).toBe('CANCELLED');
    expect(pool(server).stats()).toMatchObject({
      terminated: 0,
      busy: { interactive: 0 },
      workers: { interactive: 1 },
    });
  });

  it('stops a running audit at its next batch, keeping its worker', async () => {
    const id = await startAudit(server, LONG_AUDIT);
    await until(
      () => audit(server, id),
      (a) => a.progress.processed > 0,
    );
    const cancelled = await gql(server.fetch, CANCEL_AUDIT, { id });
    expect(cancelled.data!.cancelAudit.status).toBe('CANCELLED');
    expect(pool(server).stats()).toMatchObject({ terminated: 0, busy: { audit: 0 }, workers: { audit: 1 } });
  });
});

describe('cancelling by terminating the worker (no grace)', () => {
  let server: SnowblindServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    server = await testServer({ dataDir, jobLimits: { cancelGraceMs: 0 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeps other audits' rows and the cancelled audit's committed batches; resume matches an uninterrupted run", async () => {
    const input = {
      ...LONG_AUDIT,
      noise: [{ kind: 'seed-wrap', seed: 9, width: 128, height: 128 }],
      count: 3000,
    };
    const finished = await startAudit(server, { ...input, count: 500 });
    const before = await until(
      () => audit(server, finished),
      (a) => settled(a.status),
    );
    expect(before.status).toBe('SUCCEEDED');

    const id = await startAudit(server, input);
    await until(
      () => audit(server, id),
      (a) => a.progress.processed >= 200,
    );
    const cancelled = await gql(server.fetch, CANCEL_AUDIT, { id });
    expect(cancelled.data!.cancelAudit.status).toBe('CANCELLED');
    expect(pool(server).stats()).toMatchObject({ terminated: 1, busy: { audit: 0 }, workers: { audit: 0 } });
    const kept = (await audit(server, id)).progress.processed;
    expect(kept).toBeGreaterThanOrEqual(200);
    expect(kept % 100).toBe(0);

    expect(await audit(server, finished)).toEqual(before);
    const db = new Database(join(dataDir, 'snowblind.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const resumed = await gql(server.fetch, 'mutation($id: ID!) { resumeAudit(id: $id) { status } }', { id });
    expect(resumed.errors).toBeUndefined();
    const done = await until(
      () => audit(server, id),
      (a) => settled(a.status),
    );
    const whole = await startAudit(server, input);
    const reference = await until(
      () => audit(server, whole),
      (a) => settled(a.status),
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.runs).toEqual(reference.runs);
  });
});

describe('cancelling over a real socket', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await testSocketServer();
  });
  afterAll(async () => {
    await running.close();
  });

  it('answers CANCELLED for an audit busy in a 4096² batch, and its worker is gone', async () => {
    const base = running.url.replace(/\/graphql$/, '');
    const started = await gql(
      fetch,
      START,
      {
        i: {
          models: [TINY_MODEL_ID],
          noise: [{ kind: 'uniform', seed: 1, width: 4096, height: 4096 }],
          count: 1000,
          batchSize: 2,
        },
      },
      {},
      base,
    );
    const id = started.data!.startAudit.id as string;
    await until(
      async () => (await gql(fetch, AUDIT, { id }, {}, base)).data!.audit.status,
      (status) => status === 'RUNNING',
    );
    const cancelled = await gql(fetch, CANCEL_AUDIT, { id }, {}, base);
    expect(cancelled.data!.cancelAudit).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED' } });
    expect(pool(running).stats().busy.audit).toBe(0);
  });
});
