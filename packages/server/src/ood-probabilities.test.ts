import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gql,
  makeModelsRoot,
  noFashionMnist,
  rocArea,
  TINY_MODEL_ID,
  TINY_SOFTMAX_MODEL_ID,
  tempDir,
  until,
} from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const noData = noFashionMnist();

const OOD = `query($id: ID!) { audit(id: $id) { runs {
  model modelInfo { outputKind } maxLogit { mean } samples(limit: 40) { label score }
  msp: ood(inDistributionLimit: 100) { auroc auprIn auprOut fprAtTpr tpr roc { fpr tpr threshold } }
  maxLogit2: ood(score: MAX_LOGIT, inDistributionLimit: 100) { auroc roc { fpr } }
  energy: ood(score: ENERGY, inDistributionLimit: 100) { auroc roc { fpr } }
} } }`;

describe.skipIf(noData)('ood(score) of a model that outputs probabilities', () => {
  let server: SnowblindServer;
  let auditId: string;

  beforeAll(async () => {
    server = createServer({
      dataDir: tempDir(),
      modelsRoot: await makeModelsRoot({ softmax: true }),
      concurrency: 1,
      token: null,
    });
    const started = await gql(
      server.fetch,
      `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`,
      {
        input: {
          models: [TINY_MODEL_ID, TINY_SOFTMAX_MODEL_ID],
          noise: [{ kind: 'uniform', seed: 3 }],
          count: 40,
          batchSize: 20,
        },
      },
    );
    auditId = started.data!.startAudit.id;
    const done = await until(
      () => gql(server.fetch, `query($id: ID!) { audit(id: $id) { status } }`, { id: auditId }),
      (r) => !['QUEUED', 'RUNNING'].includes(r.data?.audit?.status),
      60_000,
    );
    expect(done.data!.audit.status).toBe('SUCCEEDED');
  }, 90_000);

  afterAll(async () => {
    await server?.close();
  });

  it('gives MSP metrics and the ROC curve, and null (no error) for MAX_LOGIT and ENERGY', async () => {
    const r = await gql(server.fetch, OOD, { id: auditId });
    expect(r.errors).toBeUndefined();
    const [logits, probabilities] = r.data!.audit.runs;
    expect(logits.model).toBe(TINY_MODEL_ID);
    expect(logits.modelInfo.outputKind).toBe('logits');
    expect(probabilities.model).toBe(TINY_SOFTMAX_MODEL_ID);
    // The final softmax was detected; the reason the logit scores are missing is in the API.
    expect(probabilities.modelInfo.outputKind).toBe('probabilities');
    expect(probabilities.maxLogit).toBeNull();
    expect(probabilities.maxLogit2).toBeNull();
    expect(probabilities.energy).toBeNull();
    // The logits model in the same audit keeps all three.
    for (const m of [logits.msp, logits.maxLogit2, logits.energy]) expect(m.auroc).toBeGreaterThanOrEqual(0);

    const { msp } = probabilities;
    expect(msp.tpr).toBe(0.95);
    expect(msp.roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(msp.roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(rocArea(msp.roc)).toBeCloseTo(msp.auroc, 12);
    // Same weights, softmax inside the model or applied by snowblind: the same MSP detector,
    // to float32 rounding (TF.js's softmax against core's).
    const [a, b] = r.data!.audit.runs.map(
      (run: { samples: { label: string; score: number }[] }) => run.samples,
    );
    expect(b.map((s: { label: string }) => s.label)).toEqual(a.map((s: { label: string }) => s.label));
    for (let i = 0; i < 40; i++) expect(b[i].score).toBeCloseTo(a[i].score, 6);
    expect(msp.fprAtTpr).toBe(logits.msp.fprAtTpr);
    // 100 × 40 (ID, noise) pairs; a pair tied in one model's rounding and not in the other's
    // moves AUROC by ½ / 4000. Saturated MSPs near 1 make such ties: allow two.
    expect(Math.abs(msp.auroc - logits.msp.auroc) * 4000).toBeLessThanOrEqual(2 * 0.5 + 1e-9);
  }, 120_000);
});
