/**
 * Cancelling an audit while onnxruntime-node runs a batch. Terminating a worker thread with an
 * ONNX run in flight aborts the whole process (`terminate called after throwing an instance of
 * 'Napi::Error'`): the run's completion calls into the torn-down thread. The pool must let the
 * batch end before it stops the worker, however short its grace.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, until } from '../test/helpers.js';
import { testServer } from '../test/test-server.js';
import type { WorkerPool } from './jobs/worker-pool.js';
import type { SnowblindServer } from './server.js';

const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));
const AUDIT = 'query($id: ID!) { audit(id: $id) { status progress { processed } } }';

/** squeezenet1.1 (ONNX) on batches of 256 small noise images: each batch is mostly one long ONNX run. */
const ONNX_AUDIT = {
  models: ['squeezenet1.1'],
  noise: [{ kind: 'uniform', seed: 0, width: 16, height: 16 }],
  count: 100_000,
  batchSize: 256,
};

describe('cancelling an audit of an ONNX model mid-batch', () => {
  let server: SnowblindServer;
  beforeAll(async () => {
    server = await testServer({ modelsRoot: MODELS_ROOT, jobLimits: { cancelGraceMs: 0 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps the server up, frees the lane at once and lets the next audit run', async () => {
    const pool = server.services.audits.queue as WorkerPool;
    for (let round = 0; round < 4; round++) {
      const started = await gql(
        server.fetch,
        'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
        {
          i: { ...ONNX_AUDIT, noise: [{ ...ONNX_AUDIT.noise[0], seed: round }] },
        },
      );
      const id = started.data!.startAudit.id as string;
      // After the first batch the worker is in the next one's ONNX run almost all the time.
      await until(
        async () => (await gql(server.fetch, AUDIT, { id })).data!.audit,
        (a) => a.progress.processed > 0,
      );
      await new Promise((r) => setTimeout(r, 200 + 400 * round));
      const cancelled = await gql(server.fetch, 'mutation($id: ID!) { cancelAudit(id: $id) { status } }', {
        id,
      });
      expect(cancelled.data!.cancelAudit.status).toBe('CANCELLED');
      expect(pool.stats().busy.audit).toBe(0);
    }
    expect(pool.stats().terminated).toBe(4);
    const next = await gql(server.fetch, 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }', {
      i: { ...ONNX_AUDIT, count: 256 },
    });
    const done = await until(
      async () => (await gql(server.fetch, AUDIT, { id: next.data!.startAudit.id })).data!.audit,
      (a) => a.status !== 'QUEUED' && a.status !== 'RUNNING',
    );
    expect(done).toEqual({ status: 'SUCCEEDED', progress: { processed: 256 } });
  });
});
