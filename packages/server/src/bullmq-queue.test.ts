import { fileURLToPath } from 'node:url';
import { loadModel, runAudit } from '@snowblind/core';
import { startWorker } from '@snowblind/distributed';
import {
  expectRedisUnavailable,
  freePort,
  REDIS,
  redisMissing,
  spawnWorker,
  startRedis,
  stop,
  type TestRedis,
  type WorkerProcess,
} from '@snowblind/distributed/testing';
import { missingTestDependency } from '@snowblind/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, tempDir, until } from '../test/helpers.js';
import { BullmqQueue } from './jobs/bullmq-queue.js';
import { createServer, type SnowblindServer, startServer } from './server.js';

const MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

const NO_REDIS = missingTestDependency(REDIS, redisMissing());

const RESULTS = `status count progress { processed total }
  runs { index model kind modelInfo { id format backend preset outputKind numClasses }
    describe { count mean std min p25 p50 p75 max } labelCounts(first: 100) { label count }
    maxLogit { count mean std min p25 p50 p75 max } energy { count mean std min p25 p50 p75 max }
    samples(offset: 0, limit: 200) { index score label topK { label classIndex score } } }`;

describe.skipIf(NO_REDIS)('audits on BullMQ workers (redis-server on loopback)', () => {
  let redis: TestRedis;
  const workers: WorkerProcess[] = [];
  const servers: SnowblindServer[] = [];

  beforeAll(async () => {
    redis = (await startRedis())!;
  });
  afterAll(async () => {
    for (const w of workers) await stop(w.child, 'SIGKILL');
    for (const s of servers) await s.close();
    await redis?.stop();
  });

  it('survives SIGKILL of a worker mid-shard: the report equals the in-process one, every per-sample prediction', async () => {
    const input = {
      models: ['fmnist-cnn'],
      noise: [
        { kind: 'seed-wrap', seed: 7 },
        { kind: 'gaussian', seed: 3, width: 64, height: 64 },
      ],
      count: 160,
      batchSize: 8,
      topK: 3,
    };
    const a = spawnWorker(redis.url, 'worker-a');
    const b = spawnWorker(redis.url, 'worker-b');
    workers.push(a, b);
    await Promise.all([a.waitFor(/^ready/), b.waitFor(/^ready/)]);

    const distributed = createServer({
      dataDir: tempDir(),
      modelsRoot: MODELS,
      token: null,
      queryLimits: { complexity: 10_000_000 },
      queue: new BullmqQueue({ redis: redis.url, shardSize: 40 }),
    });
    servers.push(distributed);
    const start = `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`;
    const id = (await gql(distributed.fetch, start, { input })).data!.startAudit.id as string;

    // Worker A is in the middle of a shard (at most half of it done): kill it without warning.
    const [, killedShard, done] = (await a.waitFor(/^progress (\S+) (\d+) (\d+)$/))!;
    expect(Number(done)).toBeLessThan(40);
    await stop(a.child, 'SIGKILL');
    expect(a.lines.some((l) => l === `done ${killedShard}`)).toBe(false);

    const audit = (f: SnowblindServer['fetch'], auditId: string) =>
      gql(f, `query($id: ID!) { audit(id: $id) { ${RESULTS} } }`, { id: auditId });
    const live = await gql(distributed.fetch, `{ workers { id engines shardsDone imagesPerSecond } }`);
    expect(live.errors).toBeUndefined();
    const finished = await until(
      () => audit(distributed.fetch, id),
      (r) => r.errors !== undefined || !['QUEUED', 'RUNNING'].includes(r.data!.audit.status),
      120_000,
    );
    expect(finished.errors).toBeUndefined();
    expect(finished.data!.audit.status).toBe('SUCCEEDED');
    expect(finished.data!.audit.progress).toEqual({ processed: 160, total: 160 });

    // The shard A died on was finished by B, and merged once.
    await b.waitFor(new RegExp(`^done ${killedShard.replace(/[.]/g, '\\.')}$`));
    const shards = await gql(
      distributed.fetch,
      `query($id: ID!) { audit(id: $id) { shards { id state worker start count retries } } }`,
      { id },
    );
    const list = shards.data!.audit.shards as {
      id: string;
      state: string;
      worker: string;
      retries: number;
    }[];
    expect(list).toHaveLength(8);
    expect(list.every((s) => s.state === 'MERGED')).toBe(true);
    expect(list.find((s) => s.id === killedShard)).toMatchObject({ worker: 'worker-b', state: 'MERGED' });
    expect(list.find((s) => s.id === killedShard)!.retries).toBeGreaterThanOrEqual(1);
    const seen = await gql(
      distributed.fetch,
      `{ workers { id engines shardsDone imagesDone imagesPerSecond } }`,
    );
    const bInfo = (seen.data!.workers as { id: string; engines: string[]; imagesPerSecond: number }[]).find(
      (w) => w.id === 'worker-b',
    )!;
    expect(bInfo.imagesPerSecond).toBeGreaterThan(0);

    // The same audit on the in-process worker pool.
    const local = createServer({
      dataDir: tempDir(),
      modelsRoot: MODELS,
      token: null,
      queryLimits: { complexity: 10_000_000 },
    });
    servers.push(local);
    const refId = (await gql(local.fetch, start, { input })).data!.startAudit.id as string;
    const reference = await until(
      () => audit(local.fetch, refId),
      (r) => !['QUEUED', 'RUNNING'].includes(r.data!.audit.status),
      120_000,
    );
    expect(reference.data!.audit.status).toBe('SUCCEEDED');
    // The worker lists the engine it ran the model on: the one an in-process audit uses.
    expect(bInfo.engines).toEqual([reference.data!.audit.runs[0].modelInfo.backend]);
    const runs = finished.data!.audit.runs as { samples: unknown[] }[];
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.samples.length === 160)).toBe(true);
    expect(runs).toEqual(reference.data!.audit.runs);
    // And the stored rows themselves (top-k, max logit, energy of every image).
    for (const run of [0, 1]) {
      const rows = distributed.services.auditStore.samples(id, run, 0, 1000);
      expect(rows).toHaveLength(160);
      expect(rows).toEqual(local.services.auditStore.samples(refId, run, 0, 1000));
    }
    // Graceful stop: the worker leaves the list (and takes no shards of the next test).
    await stop(b.child, 'SIGTERM');
    expect(b.child.exitCode).toBe(0);
  }, 240_000);
  it('cancels an audit on the workers and resumes it to the uninterrupted numbers', async () => {
    const progressLog: string[] = [];
    let midShard!: () => void;
    const reachedMidShard = new Promise<void>((resolve) => {
      midShard = resolve;
    });
    const worker = await startWorker({
      redis: redis.url,
      id: 'in-test',
      lockDurationMs: 3000,
      heartbeatMs: 500,
      cancelPollMs: 50,
      onShardProgress: (p) => {
        progressLog.push(`${p.shardId.split('.').at(-1)}:${p.processed}`);
        if (p.shardId.endsWith('.r0.80-160') && p.processed === 8) midShard();
      },
      onShardDone: (shard) => progressLog.push(`done ${shard.id.split('.').at(-1)}`),
    });
    const server = createServer({
      dataDir: tempDir(),
      modelsRoot: MODELS,
      token: null,
      queue: new BullmqQueue({ redis: redis.url, shardSize: 80 }),
    });
    servers.push(server);
    try {
      const input = {
        models: ['fmnist-cnn'],
        noise: [{ kind: 'seed-wrap', seed: 4 }],
        count: 240,
        batchSize: 4,
        topK: 2,
      };
      const start = `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`;
      const id = (await gql(server.fetch, start, { input })).data!.startAudit.id as string;
      const state = () =>
        gql(server.fetch, `query($id: ID!) { audit(id: $id) { status progress { processed } } }`, { id });
      // Cancelled while the worker is on its second shard.
      await reachedMidShard;
      const cancelled = await gql(server.fetch, 'mutation($id: ID!) { cancelAudit(id: $id) { id } }', { id });
      expect(cancelled.errors).toBeUndefined();
      const stopped = await until(state, (r) => r.data!.audit.status === 'CANCELLED');
      const shardState = () =>
        gql(server.fetch, `query($id: ID!) { audit(id: $id) { shards { id state processed } } }`, { id });
      // The worker gives the running shard up at its next batch.
      const given = await until(shardState, (r) =>
        r.data!.audit.shards.some(
          (s: { id: string; state: string }) => s.id.endsWith('80-160') && s.state === 'FAILED',
        ),
      );
      expect(
        given.data!.audit.shards.find((s: { id: string }) => s.id.endsWith('80-160')).processed,
      ).toBeLessThan(80);
      // The first shard is done; it is committed already, or merged on resume from its rows in Redis.
      expect([0, 80]).toContain(stopped.data!.audit.progress.processed);
      // Resumed at once: the shard the worker was on when the cancel came is run again.
      const resumed = await gql(server.fetch, 'mutation($id: ID!) { resumeAudit(id: $id) { status } }', {
        id,
      });
      expect(resumed.errors).toBeUndefined();
      const done = await until(state, (r) => !['QUEUED', 'RUNNING'].includes(r.data!.audit.status), 120_000);
      expect(done.data!.audit).toEqual({ status: 'SUCCEEDED', progress: { processed: 240 } });
      const merged = await shardState();
      const states = merged.data!.audit.shards.map((s: { state: string }) => s.state);
      expect(states.length).toBeGreaterThanOrEqual(2);
      expect(new Set(states)).toEqual(new Set(['MERGED']));
      // The shard the cancel stopped was run again from its start (and its rows merged once, below).
      expect(progressLog.filter((l) => l === '80-160:4').length).toBeGreaterThanOrEqual(2);

      const model = await loadModel('fmnist-cnn');
      const reference = await runAudit({ ...input, models: [model], keepSamples: true });
      await model.dispose();
      const rows = server.services.auditStore.samples(id, 0, 0, 1000);
      expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 240 }, (_, i) => i));
      expect(rows.map(({ index, topK, maxLogit, energy }) => ({ index, topK, maxLogit, energy }))).toEqual(
        reference.runs[0]!.samples!.map((s) => ({
          index: s.index,
          topK: s.topK,
          maxLogit: s.maxLogit,
          energy: s.energy,
        })),
      );
    } finally {
      await worker.close();
    }
  }, 180_000);
});

describe('a server on an unreachable Redis', () => {
  it('does not start: a quick REDIS_UNAVAILABLE with a hint (as workers and CLI audits give)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error = await startServer({ dataDir: tempDir(), redis: url, port: 0, log: () => undefined }).catch(
      (e: unknown) => e,
    );
    expectRedisUnavailable(error, url);
  });
});
