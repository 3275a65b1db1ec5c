import { missingTestDependency } from '@snowblind/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  REDIS,
  redisMissing,
  spawnWorker,
  startRedis,
  stop,
  type TestRedis,
  type WorkerProcess,
} from '../test/index.js';
import { runDistributedAudit } from './run-distributed-audit.js';

/** Longer than the ~21 s after which workers used to stop reconnecting for good. */
const OUTAGE_MS = 26_000;

const NO_REDIS = missingTestDependency(REDIS, redisMissing());

describe.skipIf(NO_REDIS)('a worker that loses Redis', () => {
  const redises: TestRedis[] = [];
  let worker: WorkerProcess | undefined;
  afterAll(async () => {
    if (worker) await stop(worker.child, 'SIGKILL');
    for (const r of redises) await r.stop();
  });

  it(`keeps reconnecting through a ${OUTAGE_MS / 1000} s outage, says so once each way, and takes shards again`, async () => {
    const first = (await startRedis())!;
    redises.push(first);
    // Backoff capped at 1 s (20 s by default) so the worker is back soon after Redis is.
    worker = spawnWorker(first.url, 'patient', 1000);
    await worker.waitFor(/^ready/);

    await first.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    expect(worker.child.exitCode).toBeNull();
    const again = (await startRedis(first.port))!;
    redises.push(again);
    await vi.waitFor(() => expect(worker!.logs.some((l) => l.includes('reconnected to Redis'))).toBe(true), {
      timeout: 30_000,
      interval: 100,
    });
    const outage = worker.logs.filter((l) => !l.includes('TF.js on wasm'));
    expect(outage.filter((l) => l.includes('lost the connection to Redis'))).toHaveLength(1);
    expect(outage.filter((l) => l.includes('reconnected to Redis'))).toHaveLength(1);
    // Nothing else was logged meanwhile (no error per reconnection attempt).
    expect(outage).toHaveLength(2);

    const result = await runDistributedAudit({
      redis: again.url,
      models: ['fmnist-cnn'],
      noise: { kind: 'seed-wrap', seed: 2 },
      count: 8,
      batchSize: 8,
    });
    expect(result.runs[0]!.describe.count).toBe(8);
    expect(worker.lines.some((l) => /^done .*\.r0\.0-8$/.test(l))).toBe(true);
  }, 120_000);

  it('stops on SIGTERM while Redis is gone (its commands would wait for Redis forever)', async () => {
    const redis = (await startRedis())!;
    redises.push(redis);
    const lonely = spawnWorker(redis.url, 'lonely', 1000);
    await lonely.waitFor(/^ready/);
    await redis.stop();
    await vi.waitFor(
      () => expect(lonely.logs.some((l) => l.includes('lost the connection to Redis'))).toBe(true),
      {
        timeout: 20_000,
        interval: 100,
      },
    );
    await stop(lonely.child, 'SIGTERM');
    expect(lonely.child.exitCode).toBe(0);
  }, 60_000);
});
