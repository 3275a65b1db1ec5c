import { fileURLToPath } from 'node:url';
import { startWorker } from '@snowblind/distributed';
import { REDIS, redisMissing, startRedis, type TestRedis } from '@snowblind/distributed/testing';
import { missingTestDependency } from '@snowblind/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, tempDir, until } from '../test/helpers.js';
import { BullmqQueue } from './jobs/bullmq-queue.js';
import { createServer, type SnowblindServer } from './server.js';

const MODELS = fileURLToPath(new URL('../../../models', import.meta.url));
const START = `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`;
const STATE = `query($id: ID!) { audit(id: $id) { status error { code message } } }`;
const SHARDS = `query($id: ID!) { audit(id: $id) { shards { state } } }`;

const NO_REDIS = missingTestDependency(REDIS, redisMissing());

describe.skipIf(NO_REDIS)('a server whose Redis goes away mid-audit', () => {
  const redises: TestRedis[] = [];
  let server: SnowblindServer | undefined;
  afterAll(async () => {
    await server?.close();
    for (const r of redises) await r.stop();
  });

  it('fails the audit REDIS_UNAVAILABLE once redisGiveUpMs has passed, and runs the next one when Redis is back', async () => {
    const first = (await startRedis())!;
    redises.push(first);
    server = createServer({
      dataDir: tempDir(),
      modelsRoot: MODELS,
      token: null,
      queue: new BullmqQueue({ redis: first.url, shardSize: 40, redisGiveUpMs: 1000 }),
    });
    const input = {
      models: ['fmnist-cnn'],
      noise: [{ kind: 'seed-wrap', seed: 1 }],
      count: 40,
      batchSize: 8,
    };
    const state = (id: string) => gql(server!.fetch, STATE, { id });
    const lostId = (await gql(server.fetch, START, { input })).data!.startAudit.id as string;
    // No worker: the shard waits in Redis.
    await until(
      () => gql(server!.fetch, SHARDS, { id: lostId }),
      (r) => (r.data?.audit.shards ?? []).some((s: { state: string }) => s.state === 'WAITING'),
    );
    await first.stop();
    const failed = await until(
      () => state(lostId),
      (r) => r.data!.audit.status !== 'RUNNING' && r.data!.audit.status !== 'QUEUED',
    );
    expect(failed.data!.audit.status).toBe('FAILED');
    expect(failed.data!.audit.error.code).toBe('REDIS_UNAVAILABLE');
    expect(failed.data!.audit.error.message).not.toMatch(/\n\s+at /);
    // While Redis is away, asking for the shards is the same coded error, not INTERNAL.
    const shards = await gql(server.fetch, SHARDS, { id: lostId });
    expect(shards.errors?.[0]?.extensions?.code).toBe('REDIS_UNAVAILABLE');

    const again = (await startRedis(first.port))!;
    redises.push(again);
    const worker = await startWorker({ redis: again.url, id: 'after-restart', heartbeatMs: 500 });
    try {
      const id = (await gql(server.fetch, START, { input })).data!.startAudit.id as string;
      const done = await until(
        () => state(id),
        (r) => !['QUEUED', 'RUNNING'].includes(r.data!.audit.status),
        60_000,
      );
      expect(done.data!.audit.status).toBe('SUCCEEDED');
    } finally {
      await worker.close();
    }
  }, 90_000);
});
