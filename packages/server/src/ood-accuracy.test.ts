/**
 * Issue 22 item 2: OOD metrics say how many real images they used and the model's accuracy on
 * them, the same top-1 accuracy a plain loop over the images gives.
 */
import { join } from 'node:path';
import { inputShape, loadFashionMnist, loadModel, ModelRegistry, preprocessInto } from '@snowblind/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeModelsRoot, noFashionMnist, TINY_MODEL_ID, tempDir, until } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const noData = noFashionMnist();
const LIMIT = 150;

/** Top-1 accuracy of the model on the first `limit` test images, one image at a time. */
async function accuracyByHand(modelsRoot: string, limit: number): Promise<number> {
  const registry = await ModelRegistry.open({
    home: tempDir(),
    builtinPath: join(modelsRoot, 'registry.json'),
  });
  const model = await loadModel(TINY_MODEL_ID, { registry });
  const data = await loadFashionMnist('test', { limit });
  const input = new Float32Array(inputShape(model.preset, model.inputChannels).size);
  let correct = 0;
  for (const [i, image] of data.images.entries()) {
    preprocessInto(image, model.preset, input, 0);
    const out = Array.from(await model.predict(input, 1));
    if (out.indexOf(Math.max(...out)) === data.labels[i]) correct++;
  }
  await model.dispose();
  return correct / limit;
}

describe.skipIf(noData)('OodMetrics.accuracy and inDistributionCount', () => {
  let server: SnowblindServer;
  let modelsRoot: string;
  let auditId: string;

  beforeAll(async () => {
    modelsRoot = await makeModelsRoot();
    server = createServer({ dataDir: tempDir(), modelsRoot, token: null });
    const started = await gql(
      server.fetch,
      'mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }',
      {
        input: { models: [TINY_MODEL_ID], noise: [{ kind: 'uniform', seed: 5 }], count: 20, batchSize: 20 },
      },
    );
    auditId = started.data!.startAudit.id;
    await until(
      () => gql(server.fetch, 'query($id: ID!) { audit(id: $id) { status } }', { id: auditId }),
      (r) => r.data?.audit?.status === 'SUCCEEDED',
      60_000,
    );
  }, 90_000);
  afterAll(() => server?.close());

  it('gives the count of real images and the accuracy on them', async () => {
    const r = await gql(
      server.fetch,
      `query($id: ID!) { audit(id: $id) { runs { ood(inDistributionLimit: ${LIMIT}) { inDistribution inDistributionCount accuracy } } } }`,
      { id: auditId },
    );
    expect(r.errors).toBeUndefined();
    const ood = r.data!.audit.runs[0].ood;
    expect(ood.inDistribution).toBe('fashion-mnist-test');
    expect(ood.inDistributionCount).toBe(LIMIT);
    expect(ood.accuracy).toBeCloseTo(await accuracyByHand(modelsRoot, LIMIT), 10);
  });
});
