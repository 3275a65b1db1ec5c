import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, noFashionMnist, type RocPoint, rocArea, tempDir, until } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

/** The embedded models (`models/registry.json`), as `snowblind serve` uses them. */
const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));
const withoutFashionMnist = noFashionMnist();

describe.skipIf(withoutFashionMnist)(
  'roc(maxPoints) of an audit of the embedded fmnist-cnn and fmnist-resnet',
  () => {
    let server: SnowblindServer;
    let auditId: string;

    beforeAll(async () => {
      server = createServer({ dataDir: tempDir(), modelsRoot: MODELS_ROOT, concurrency: 1, token: null });
      const started = await gql(
        server.fetch,
        `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`,
        {
          input: {
            models: ['fmnist-cnn', 'fmnist-resnet'],
            noise: [{ kind: 'seed-wrap', seed: 0, width: 64, height: 64 }],
            count: 64,
            batchSize: 64,
          },
        },
      );
      auditId = started.data!.startAudit.id;
      await until(
        () => gql(server.fetch, `query($id: ID!) { audit(id: $id) { status } }`, { id: auditId }),
        (r) => !['QUEUED', 'RUNNING'].includes(r.data?.audit?.status),
        120_000,
      );
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    const query = (score: string, maxPoints: number) =>
      gql(
        server.fetch,
        `query($id: ID!, $max: Int) { audit(id: $id) { status runs { ood(score: ${score}, inDistributionLimit: 300) {
        auroc fprAtTpr tpr roc(maxPoints: $max) { fpr tpr threshold } } } } }`,
        { id: auditId, max: maxPoints },
      );

    for (const score of ['MSP', 'MAX_LOGIT', 'ENERGY']) {
      it(`${score}: starts at (0, 0) with no threshold, ends at (1, 1), its area is auroc`, async () => {
        const r = await query(score, 10_000);
        expect(r.errors).toBeUndefined();
        expect(r.data!.audit.status).toBe('SUCCEEDED');
        expect(r.data!.audit.runs).toHaveLength(2);
        for (const run of r.data!.audit.runs) checkCurve(run.ood);
      }, 120_000);
    }

    function checkCurve(ood: unknown) {
      const { auroc, fprAtTpr, tpr, roc } = ood as {
        auroc: number;
        fprAtTpr: number;
        tpr: number;
        roc: RocPoint[];
      };
      expect(roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
      expect(roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
      // 300 in-distribution and 64 noise images: never more points than distinct scores + 1.
      expect(roc.length).toBeGreaterThanOrEqual(3);
      expect(roc.length).toBeLessThanOrEqual(365);
      for (let i = 1; i < roc.length; i++) {
        expect(roc[i]!.fpr).toBeGreaterThanOrEqual(roc[i - 1]!.fpr);
        expect(roc[i]!.tpr).toBeGreaterThanOrEqual(roc[i - 1]!.tpr);
        // Noise is flagged at or below the threshold: each point flags more, so it rises.
        if (i > 1) expect(roc[i]!.threshold!).toBeGreaterThan(roc[i - 1]!.threshold!);
      }
      expect(rocArea(roc)).toBeCloseTo(auroc, 12);
      expect(roc.find((p) => p.tpr >= tpr)!.fpr).toBe(fprAtTpr);
    }

    it('thins the curve to maxPoints, keeping both ends; maxPoints < 2 is BAD_INPUT', async () => {
      const full = (await query('ENERGY', 10_000)).data!.audit.runs[1].ood.roc as RocPoint[];
      const thin = (await query('ENERGY', 4)).data!.audit.runs[1].ood.roc as RocPoint[];
      expect(full.length).toBeGreaterThan(4);
      expect(thin.length).toBe(Math.min(4, full.length));
      expect(thin[0]).toEqual(full[0]);
      expect(thin.at(-1)).toEqual(full.at(-1));
      for (const p of thin) expect(full).toContainEqual(p);
      // One error per run: ood is nullable, so a refused field no longer nulls the whole audit.
      const refused = await query('MSP', 1);
      expect(codes(refused)).toEqual(['BAD_INPUT', 'BAD_INPUT']);
      expect(refused.data!.audit.status).toBe('SUCCEEDED');
      expect(refused.data!.audit.runs.map((r: { ood: unknown }) => r.ood)).toEqual([null, null]);
    }, 60_000);
  },
);
