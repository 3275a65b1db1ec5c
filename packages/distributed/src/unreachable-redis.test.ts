import { describe, expect, it } from 'vitest';
import { expectRedisUnavailable, freePort } from '../test/index.js';
import { runDistributedAudit } from './run-distributed-audit.js';
import { startWorker } from './start-worker.js';

describe('an unreachable Redis', () => {
  it('is a quick REDIS_UNAVAILABLE with a hint, for workers and distributed audits', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const errors = await Promise.all([
      startWorker({ redis: url }).catch((e: unknown) => e),
      runDistributedAudit({
        redis: url,
        models: ['fmnist-cnn'],
        noise: { kind: 'seed-wrap', seed: 0 },
        count: 1,
      }).catch((e: unknown) => e),
    ]);
    for (const error of errors) expectRedisUnavailable(error, url);
  });

  it('rejects a URL that is not redis:// with BAD_INPUT', async () => {
    const error = await startWorker({ redis: 'http://127.0.0.1:6379' }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('BAD_INPUT');
  });
});
