/**
 * Issue 22 item 2: a run says whether OOD metrics can apply to its model before anyone asks
 * for them, so the dashboard can explain instead of showing NO_IN_DISTRIBUTION_DATA.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, tempDir, until } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));

describe('AuditRun.oodInDistribution', () => {
  let server: SnowblindServer;
  let auditId: string;

  beforeAll(async () => {
    server = createServer({ dataDir: tempDir(), modelsRoot: MODELS_ROOT, token: null });
    const started = await gql(
      server.fetch,
      'mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }',
      {
        input: {
          models: ['fmnist-mlp', 'squeezenet1.1'],
          noise: [{ kind: 'uniform', seed: 1 }],
          count: 2,
          batchSize: 2,
        },
      },
    );
    expect(codes(started)).toEqual([]);
    auditId = started.data!.startAudit.id;
    await until(
      () => gql(server.fetch, 'query($id: ID!) { audit(id: $id) { status } }', { id: auditId }),
      (r) => !['QUEUED', 'RUNNING'].includes(r.data?.audit?.status),
      120_000,
    );
  }, 150_000);
  afterAll(() => server?.close());

  it('is fashion-mnist-test for a 28×28 gray model and null for squeezenet1.1, whose ood is NO_IN_DISTRIBUTION_DATA', async () => {
    const r = await gql(
      server.fetch,
      'query($id: ID!) { audit(id: $id) { runs { model oodInDistribution } } }',
      {
        id: auditId,
      },
    );
    expect(codes(r)).toEqual([]);
    expect(r.data!.audit.runs).toEqual([
      { model: 'fmnist-mlp', oodInDistribution: 'fashion-mnist-test' },
      { model: 'squeezenet1.1', oodInDistribution: null },
    ]);
    const refused = await gql(server.fetch, 'query($id: ID!) { audit(id: $id) { runs { ood { auroc } } } }', {
      id: auditId,
    });
    expect(codes(refused)).toContain('NO_IN_DISTRIBUTION_DATA');
  });
});
