import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codes,
  gql,
  makeModelsRoot,
  noFashionMnist,
  TINY_MODEL_ID,
  tempDir,
  until,
} from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const noData = noFashionMnist();

const TOKEN = 'ood-secret';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const OOD = `query($id: ID!, $limit: Int) { audit(id: $id) { runs { ood(inDistributionLimit: $limit) { auroc } } } }`;

describe.skipIf(noData)('OOD metrics on a server with a token', () => {
  let server: SnowblindServer;
  let auditId: string;

  beforeAll(async () => {
    server = createServer({ dataDir: tempDir(), modelsRoot: await makeModelsRoot(), token: TOKEN });
    const started = await gql(
      server.fetch,
      `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`,
      { input: { models: [TINY_MODEL_ID], noise: [{ kind: 'uniform', seed: 1 }], count: 20, batchSize: 20 } },
      AUTH,
    );
    auditId = started.data!.startAudit.id;
    await until(
      () => gql(server.fetch, `query($id: ID!) { audit(id: $id) { status } }`, { id: auditId }),
      (r) => r.data?.audit?.status === 'SUCCEEDED',
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    await server?.close();
  });

  it('needs the token to start the in-distribution job, not to read what was computed', async () => {
    // Each inDistributionLimit is its own job: without the check, anyone could queue thousands.
    const anonymous = await gql(server.fetch, OOD, { id: auditId, limit: 50 });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.errors![0]!.message).toContain('computing OOD metrics');
    const computed = await gql(server.fetch, OOD, { id: auditId, limit: 50 }, AUTH);
    expect(computed.errors).toBeUndefined();
    const auroc = computed.data!.audit.runs[0].ood.auroc;
    expect(auroc).toBeGreaterThanOrEqual(0);
    const cached = await gql(server.fetch, OOD, { id: auditId, limit: 50 });
    expect(cached.errors).toBeUndefined();
    expect(cached.data!.audit.runs[0].ood.auroc).toBe(auroc);
  });
});
