import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  describe as coreDescribe,
  encodePng,
  FASHION_MNIST_LABELS,
  labelCounts,
  type NoiseSpec,
  noiseImage,
  validateNoiseSpec,
} from '@snowblind/core';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codes,
  gql,
  gqlUpload,
  makeModelsRoot,
  noFashionMnist,
  TINY_MODEL_ID,
  TINY_ONNX,
  tempDir,
  until,
  writeTinyModel,
} from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const AUDIT_FIELDS = `id status count seed batchSize topK models createdAt startedAt finishedAt
  noise { kind seed width height channels rng params { mean std low high density scale color } }
  error { code message }
  progress { auditId status processed total fraction imagesPerSecond etaSeconds
    runs { runIndex model kind processed meanScore maxScore topLabel topLabelCount } }
  runs { index model kind modelInfo { id format backend engine fallback preset outputKind numClasses }
    describe { count mean std min p25 p50 p75 max }
    maxLogit { count mean max } energy { count mean max }
    labelCounts(first: 50) { label count }
    fractionAbove(thresholds: [0.1, 0.15, 0.5]) { threshold fraction count }
    samples(offset: 0, limit: 5) { index score label imageUrl topK { label classIndex score } }
    sample(index: 3) { index label } }`;

let server: SnowblindServer;
let modelsRoot: string;

async function startAudit(variables: Record<string, unknown>) {
  return gql(
    server.fetch,
    `mutation($input: StartAuditInput!) { startAudit(input: $input) { id status } }`,
    variables,
  );
}

async function finished(id: string) {
  return until(
    () => gql(server.fetch, `query($id: ID!) { audit(id: $id) { ${AUDIT_FIELDS} } }`, { id }),
    (r) => !['QUEUED', 'RUNNING'].includes(r.data?.audit?.status),
  );
}

beforeAll(async () => {
  modelsRoot = await makeModelsRoot();
  server = createServer({ dataDir: tempDir(), modelsRoot, concurrency: 1, token: null });
});

afterAll(async () => {
  await server.close();
});

describe('queries', () => {
  it('lists models with labels, preset, format, source and card', async () => {
    const r = await gql(
      server.fetch,
      `{ models { id format source sha256 description license isDefault inputShape labels card
          preset { name resize crop layout channelOrder grayscale scale mean std } }
         model(id: "${TINY_MODEL_ID}") { id } }`,
    );
    expect(r.errors).toBeUndefined();
    const [m] = r.data!.models;
    expect(m).toMatchObject({
      id: TINY_MODEL_ID,
      format: 'tfjs-layers',
      source: 'builtin',
      isDefault: true,
      labels: [...FASHION_MNIST_LABELS],
      preset: {
        name: 'fashion-mnist',
        resize: [28, 28],
        crop: null,
        layout: 'NHWC',
        grayscale: true,
        mean: [0],
        std: [1],
      },
    });
    expect(m.card).toContain('A linear test model');
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.data!.model.id).toBe(TINY_MODEL_ID);
  });

  it('lists noise kinds with their parameter schema', async () => {
    const r = await gql(
      server.fetch,
      '{ noiseKinds { kind description numpy params { name type description default min max } } }',
    );
    const kinds = r.data!.noiseKinds as {
      kind: string;
      params: { name: string; default: number[]; min: number | null }[];
    }[];
    expect(kinds.map((k) => k.kind)).toEqual([
      'seed-wrap',
      'gaussian',
      'uniform',
      'salt-pepper',
      'low-frequency',
      'constant',
    ]);
    const gaussian = kinds.find((k) => k.kind === 'gaussian')!;
    expect(gaussian.params).toContainEqual(expect.objectContaining({ name: 'std', default: [64], min: 0 }));
  });
});

describe('audits', () => {
  const spec = { kind: 'gaussian', seed: 7, params: { std: 90 } };
  let auditId: string;

  it('runs an audit to completion with stats equal to core on the stored samples', async () => {
    const started = await startAudit({
      input: { models: [TINY_MODEL_ID], noise: [spec], count: 40, batchSize: 16, topK: 3 },
    });
    expect(started.errors).toBeUndefined();
    auditId = started.data!.startAudit.id;
    const r = await finished(auditId);
    expect(r.errors).toBeUndefined();
    const audit = r.data!.audit;
    expect(audit).toMatchObject({
      status: 'SUCCEEDED',
      count: 40,
      seed: 7,
      batchSize: 16,
      topK: 3,
      models: [TINY_MODEL_ID],
      error: null,
    });
    expect(audit.noise[0]).toMatchObject({
      kind: 'gaussian',
      seed: 7,
      width: 256,
      height: 256,
      channels: 3,
      rng: 'default',
    });
    expect(audit.progress).toMatchObject({ processed: 40, total: 40, fraction: 1, status: 'SUCCEEDED' });
    const run = audit.runs[0];
    expect(run.modelInfo).toMatchObject({
      id: TINY_MODEL_ID,
      format: 'tfjs-layers',
      // A TF.js model runs converted on onnxruntime by default, and says so.
      backend: 'onnx',
      engine: 'onnx',
      fallback: null,
      outputKind: 'logits',
      numClasses: 10,
    });
    // Recompute describe() and value_counts() from every stored sample, independently.
    const all = await gql(
      server.fetch,
      `query($id: ID!) { audit(id: $id) { runs { samples(limit: 100) { score label topK { score } } } } }`,
      { id: auditId },
    );
    const samples = all.data!.audit.runs[0].samples as {
      score: number;
      label: string;
      topK: { score: number }[];
    }[];
    expect(samples).toHaveLength(40);
    expect(samples.every((s) => s.topK.length === 3 && s.topK[0]!.score === s.score)).toBe(true);
    const d = coreDescribe(samples.map((s) => s.score));
    expect(run.describe).toEqual({
      count: 40,
      mean: d.mean,
      std: d.std,
      min: d.min,
      p25: d['25%'],
      p50: d['50%'],
      p75: d['75%'],
      max: d.max,
    });
    expect(run.labelCounts).toEqual(labelCounts(samples.map((s) => s.label)));
    const above = samples.filter((s) => s.score > 0.15).length;
    expect(run.fractionAbove[1]).toEqual({ threshold: 0.15, fraction: above / 40, count: above });
    expect(run.maxLogit.count).toBe(40);
    expect(run.energy.count).toBe(40);
    expect(run.sample).toEqual({ index: 3, label: samples[3]!.label });
    expect(audit.progress.runs[0]).toMatchObject({
      processed: 40,
      maxScore: d.max,
      topLabel: run.labelCounts[0].label,
    });
  });

  it('serves each sample noise image as a PNG rendered from (spec, index), and caches it', async () => {
    const r = await gql(
      server.fetch,
      `query($id: ID!) { audit(id: $id) { runs { samples(offset: 2, limit: 1) { index imageUrl } } } }`,
      { id: auditId },
    );
    const [sample] = r.data!.audit.runs[0].samples;
    expect(sample.index).toBe(2);
    const expected = await encodePng(noiseImage(validateNoiseSpec(spec as NoiseSpec) as NoiseSpec, 2));
    for (let i = 0; i < 2; i++) {
      const response = await server.fetch(new Request(sample.imageUrl));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(expected);
    }
    const bad = await server.fetch(new Request('http://127.0.0.1/images/noise/e30/1.png'));
    expect(bad.status).toBe(400);
  });

  it.skipIf(noFashionMnist())('computes OOD metrics against fashion-mnist-test when asked', async () => {
    const r = await gql(
      server.fetch,
      `query($id: ID!) { audit(id: $id) { runs { msp: ood(inDistributionLimit: 200) { auroc auprIn auprOut fprAtTpr tpr inDistribution }
        energy: ood(score: ENERGY, inDistributionLimit: 200) { auroc } } } }`,
      { id: auditId },
    );
    expect(r.errors).toBeUndefined();
    const { msp, energy } = r.data!.audit.runs[0];
    expect(msp.tpr).toBe(0.95);
    expect(msp.inDistribution).toBe('fashion-mnist-test');
    for (const v of [msp.auroc, msp.auprIn, msp.auprOut, msp.fprAtTpr, energy.auroc]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('pages audits newest first', async () => {
    const second = await startAudit({
      input: { models: [TINY_MODEL_ID], noise: [{ kind: 'uniform', seed: 1 }], count: 4, batchSize: 4 },
    });
    await finished(second.data!.startAudit.id);
    const page = await gql(
      server.fetch,
      '{ audits(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(page.data!.audits.edges[0].node.id).toBe(second.data!.startAudit.id);
    expect(page.data!.audits.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      server.fetch,
      'query($after: String) { audits(first: 1, after: $after) { edges { node { id } } } }',
      {
        after: page.data!.audits.pageInfo.endCursor,
      },
    );
    expect(next.data!.audits.edges[0].node.id).toBe(auditId);
  });

  it('cancels mid-run, keeps committed batches, and resumes to the same numbers as an uninterrupted run', async () => {
    const input = {
      models: [TINY_MODEL_ID],
      noise: [{ kind: 'seed-wrap', seed: 3, width: 64, height: 64 }],
      count: 3000,
      batchSize: 50,
      topK: 2,
    };
    const started = await startAudit({ input });
    const id = started.data!.startAudit.id;
    await until(
      () => gql(server.fetch, `query($id: ID!) { audit(id: $id) { progress { processed } } }`, { id }),
      (r) => r.data!.audit.progress.processed >= 100,
    );
    const cancel = await gql(server.fetch, 'mutation($id: ID!) { cancelAudit(id: $id) { id } }', { id });
    expect(cancel.errors).toBeUndefined();
    const cancelled = await finished(id);
    expect(cancelled.data!.audit.status).toBe('CANCELLED');
    expect(cancelled.data!.audit.error.code).toBe('CANCELLED');
    const kept = cancelled.data!.audit.progress.processed;
    expect(kept).toBeGreaterThanOrEqual(100);
    expect(kept).toBeLessThan(3000);
    expect(kept % 50).toBe(0);
    const again = await gql(server.fetch, 'mutation($id: ID!) { cancelAudit(id: $id) { id } }', { id });
    expect(codes(again)).toEqual(['BAD_STATE']);

    const resumed = await gql(server.fetch, 'mutation($id: ID!) { resumeAudit(id: $id) { id status } }', {
      id,
    });
    expect(resumed.data!.resumeAudit.status).toBe('QUEUED');
    const done = await finished(id);
    const whole = await startAudit({ input });
    const reference = await finished(whole.data!.startAudit.id);
    expect(done.data!.audit.status).toBe('SUCCEEDED');
    expect(done.data!.audit.runs[0].describe).toEqual(reference.data!.audit.runs[0].describe);
    expect(done.data!.audit.runs[0].labelCounts).toEqual(reference.data!.audit.runs[0].labelCounts);
    expect(done.data!.audit.runs[0].maxLogit).toEqual(reference.data!.audit.runs[0].maxLogit);
  });

  it('streams progress over SSE through yoga.fetch', async () => {
    const started = await startAudit({
      input: { models: [TINY_MODEL_ID], noise: [{ kind: 'constant', seed: 0 }], count: 60, batchSize: 20 },
    });
    const id = started.data!.startAudit.id;
    const response = await server.fetch(
      new Request('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: `subscription($id: ID!) { auditProgress(id: $id) { status processed total } }`,
          variables: { id },
        }),
      }),
    );
    const text = await response.text();
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data:') && l.includes('auditProgress'))
      .map((l) => JSON.parse(l.slice(5)).data.auditProgress);
    expect(events.at(-1)).toEqual({ status: 'SUCCEEDED', processed: 60, total: 60 });
    const processed = events.map((e: { processed: number }) => e.processed);
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
  });
});

describe('explain', () => {
  async function explained(id: string) {
    return until(
      () =>
        gql(
          server.fetch,
          `query($id: ID!) { explanation(id: $id) { id status model method createdAt finishedAt target targetLabel score delta heatmapUrl blendedUrl originalUrl error { code message } } }`,
          { id },
        ),
      (r) => !['QUEUED', 'RUNNING'].includes(r.data?.explanation?.status),
    );
  }

  it('integrated gradients on a noise image: heat maps and a small convergence delta', async () => {
    const r = await gql(
      server.fetch,
      `mutation($input: ExplainInput!) { explain(input: $input) { id status } }`,
      {
        input: {
          model: TINY_MODEL_ID,
          method: 'INTEGRATED_GRADIENTS',
          noise: { spec: { kind: 'seed-wrap', seed: 0 }, index: 1 },
          params: { nSteps: 64 },
        },
      },
    );
    expect(r.errors).toBeUndefined();
    const e = (await explained(r.data!.explain.id)).data!.explanation;
    expect(e).toMatchObject({
      status: 'SUCCEEDED',
      model: TINY_MODEL_ID,
      method: 'INTEGRATED_GRADIENTS',
      error: null,
    });
    expect(FASHION_MNIST_LABELS).toContain(e.targetLabel);
    // A linear model: IG is exact, so completeness holds to float error.
    expect(Math.abs(e.delta)).toBeLessThan(1e-3);
    for (const url of [e.heatmapUrl, e.blendedUrl, e.originalUrl]) {
      const png = new Uint8Array(await (await server.fetch(new Request(url))).arrayBuffer());
      expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    }
  });

  it('IG under a memoryBudgetMb gives the same explanation; a budget over the server default is refused', async () => {
    const EXPLAIN = `mutation($input: ExplainInput!) { explain(input: $input) { id } }`;
    const input = (params: Record<string, number>) => ({
      model: TINY_MODEL_ID,
      method: 'INTEGRATED_GRADIENTS',
      noise: { spec: { kind: 'seed-wrap', seed: 0 }, index: 1 },
      target: 3,
      params: { nSteps: 16, ...params },
    });
    const deltas: number[] = [];
    for (const params of [{}, { memoryBudgetMb: 1 }]) {
      const r = await gql(server.fetch, EXPLAIN, { input: input(params) });
      expect(r.errors).toBeUndefined();
      const e = (await explained(r.data!.explain.id)).data!.explanation;
      expect(e.status).toBe('SUCCEEDED');
      deltas.push(e.delta);
    }
    expect(deltas[1]).toBeCloseTo(deltas[0]!, 6);
    for (const memoryBudgetMb of [0, 2001]) {
      expect(codes(await gql(server.fetch, EXPLAIN, { input: input({ memoryBudgetMb }) }))).toEqual([
        'BAD_INPUT',
      ]);
    }
  });

  it('occlusion on an uploaded image, with attribution progress over SSE', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const r = await gqlUpload(
      server.fetch,
      `mutation($input: ExplainInput!) { explain(input: $input) { id } }`,
      {
        input: {
          model: TINY_MODEL_ID,
          method: 'OCCLUSION',
          image: null,
          target: 2,
          params: { slidingWindow: [7, 7, 1], strides: [7, 7, 1] },
        },
      },
      { 'input.image': new Blob([new Uint8Array(png)], { type: 'image/png' }) },
    );
    expect(r.errors).toBeUndefined();
    const id = r.data!.explain.id;
    const response = await server.fetch(
      new Request('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          query: `subscription($id: ID!) { attributionProgress(id: $id) { status done total } }`,
          variables: { id },
        }),
      }),
    );
    const text = await response.text();
    expect(text).toContain('"status":"SUCCEEDED"');
    const e = (await explained(id)).data!.explanation;
    expect(e).toMatchObject({ status: 'SUCCEEDED', target: 2, targetLabel: 'Pullover', delta: null });
  });

  it('saliency and noise tunnel run on a sample of an audit', async () => {
    const audits = await gql(server.fetch, '{ audits(first: 1) { edges { node { id } } } }');
    const auditId = audits.data!.audits.edges[0].node.id;
    for (const method of ['SALIENCY', 'NOISE_TUNNEL']) {
      const r = await gql(server.fetch, `mutation($input: ExplainInput!) { explain(input: $input) { id } }`, {
        input: {
          model: TINY_MODEL_ID,
          method,
          sample: { auditId, index: 0 },
          params: { nSteps: 8, ntSamples: 2, ntType: 'SMOOTHGRAD_SQ' },
        },
      });
      expect(r.errors).toBeUndefined();
      expect((await explained(r.data!.explain.id)).data!.explanation.status).toBe('SUCCEEDED');
    }
  });
});

describe('registerModel', () => {
  const REGISTER = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { id format source labels preset { name } } }`;

  it('registers an uploaded ONNX file', async () => {
    const r = await gqlUpload(
      server.fetch,
      REGISTER,
      { input: { id: 'tiny-onnx', file: null, labels: ['a', 'b', 'c', 'd', 'e'] } },
      {
        'input.file': new Blob([readFileSync(TINY_ONNX)]),
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.registerModel).toMatchObject({
      id: 'tiny-onnx',
      format: 'onnx',
      source: 'user',
      labels: ['a', 'b', 'c', 'd', 'e'],
    });
  });

  it('explains an ONNX model with gradients from its backward graph', async () => {
    // The tiny net takes 3×8×8: register it by path with a sidecar manifest giving its preset.
    await mkdir(join(modelsRoot, 'tiny8'), { recursive: true });
    await writeFile(join(modelsRoot, 'tiny8', 'tiny8.onnx'), readFileSync(TINY_ONNX));
    await writeFile(
      join(modelsRoot, 'tiny8', 'tiny8.snowblind.json'),
      JSON.stringify({ preset: { base: 'torchvision', resize: 8, crop: [8, 8] } }),
    );
    const registered = await gql(server.fetch, REGISTER, {
      input: { id: 'tiny8', path: 'tiny8/tiny8.onnx' },
    });
    expect(registered.errors).toBeUndefined();
    const r = await gql(server.fetch, `mutation($input: ExplainInput!) { explain(input: $input) { id } }`, {
      input: {
        model: 'tiny8',
        method: 'INTEGRATED_GRADIENTS',
        noise: { spec: { kind: 'uniform', seed: 0 }, index: 0 },
        params: { nSteps: 32 },
      },
    });
    expect(r.errors).toBeUndefined();
    const id = r.data!.explain.id;
    const e = await until(
      () =>
        gql(
          server.fetch,
          `query($id: ID!) { explanation(id: $id) { status delta error { code message } } }`,
          { id },
        ),
      (x) => !['QUEUED', 'RUNNING'].includes(x.data?.explanation?.status),
    );
    expect(e.data!.explanation).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(Math.abs(e.data!.explanation.delta)).toBeLessThan(1e-3);
  });

  it('registers a TF.js folder uploaded as a zip, and audits it', async () => {
    const dir = tempDir();
    await writeTinyModel(dir);
    const zip = zipSync({
      'm/model.json': readFileSync(join(dir, 'model.json')),
      'm/weights.bin': readFileSync(join(dir, 'weights.bin')),
    });
    const r = await gqlUpload(
      server.fetch,
      REGISTER,
      { input: { id: 'zipped', file: null, preset: 'fashion-mnist' } },
      {
        'input.file': new Blob([zip]),
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.registerModel).toMatchObject({
      id: 'zipped',
      format: 'tfjs-layers',
      preset: { name: 'fashion-mnist' },
    });
    const started = await startAudit({
      input: { models: ['zipped'], noise: [{ kind: 'uniform', seed: 2 }], count: 8, batchSize: 8 },
    });
    expect((await finished(started.data!.startAudit.id)).data!.audit.status).toBe('SUCCEEDED');
  });

  it('registers a path inside the models root and refuses paths that escape it', async () => {
    const ok = await gql(server.fetch, REGISTER, {
      input: { id: 'by-path', path: `${TINY_MODEL_ID}/model.json`, preset: 'fashion-mnist' },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.registerModel.id).toBe('by-path');
    const outside = tempDir();
    await writeTinyModel(outside);
    await mkdir(join(modelsRoot, 'links'), { recursive: true });
    await symlink(outside, join(modelsRoot, 'links', 'out'));
    for (const path of ['../etc/passwd', '/etc/passwd', `${TINY_MODEL_ID}/../../x`, 'links/out/model.json']) {
      const r = await gql(server.fetch, REGISTER, { input: { id: 'evil', path } });
      expect(codes(r), path).toEqual(['PATH_OUTSIDE_ROOT']);
    }
    expect(
      codes(await gql(server.fetch, REGISTER, { input: { id: 'missing', path: 'nope/model.json' } })),
    ).toEqual(['FILE_NOT_FOUND']);
    await writeFile(join(modelsRoot, 'junk.onnx'), 'not a model');
    expect(codes(await gql(server.fetch, REGISTER, { input: { id: 'junk', path: 'junk.onnx' } }))).toEqual([
      'BAD_MODEL',
    ]);
  });
});

describe('error codes', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      'count 0',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: [TINY_MODEL_ID], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 0 } },
      'BAD_INPUT',
    ],
    [
      'count 1,000,001',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: [TINY_MODEL_ID], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 1_000_001 } },
      'BAD_INPUT',
    ],
    [
      'unknown kind',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: [TINY_MODEL_ID], noise: [{ kind: 'plaid', seed: 0 }], count: 1 } },
      'UNKNOWN_NOISE_KIND',
    ],
    [
      'unknown model',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: ['nope'], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 1 } },
      'MODEL_NOT_FOUND',
    ],
    [
      'model twice',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: [TINY_MODEL_ID, TINY_MODEL_ID], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 1 } },
      'BAD_INPUT',
    ],
    ['unknown audit', 'query { audit(id: "x") { id } }', {}, 'AUDIT_NOT_FOUND'],
    ['cancel unknown', 'mutation { cancelAudit(id: "x") { id } }', {}, 'AUDIT_NOT_FOUND'],
    ['resume unknown', 'mutation { resumeAudit(id: "x") { id } }', {}, 'AUDIT_NOT_FOUND'],
    ['unknown explanation', 'query { explanation(id: "x") { id } }', {}, 'EXPLANATION_NOT_FOUND'],
    [
      'two image sources',
      'mutation($i: ExplainInput!) { explain(input: $i) { id } }',
      {
        i: {
          model: TINY_MODEL_ID,
          method: 'SALIENCY',
          noise: { spec: { kind: 'seed-wrap', seed: 0 }, index: 0 },
          sample: { auditId: 'x', index: 0 },
        },
      },
      'BAD_INPUT',
    ],
    [
      'bad register id',
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { id: '../x', path: 'a' } },
      'BAD_INPUT',
    ],
    [
      'duplicate id',
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { id: TINY_MODEL_ID, path: `${TINY_MODEL_ID}/model.json` } },
      'REGISTRY_ERROR',
    ],
    [
      'wrong variable type',
      'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
      { i: { models: 'x', noise: [], count: 'many' } },
      'BAD_USER_INPUT',
    ],
    ['unknown field', '{ nope }', {}, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'too complex',
      '{ audits(first: 100) { edges { node { runs { samples(limit: 1000) { topK { label } } } } } } }',
      {},
      'QUERY_TOO_COMPLEX',
    ],
  ];
  it.each(cases)('%s', async (_name, query, variables, code) => {
    const r = await gql(server.fetch, query, variables);
    expect(r.status).toBeLessThan(500);
    expect(codes(r)).toContain(code);
  });

  it('refuses queries deeper than the depth limit', async () => {
    const shallow = createServer({ dataDir: tempDir(), modelsRoot, queryLimits: { depth: 4 } });
    try {
      const r = await gql(
        shallow.fetch,
        '{ audits { edges { node { runs { noise { params { color } } } } } } }',
      );
      expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
      expect((await gql(shallow.fetch, '{ models { preset { name } } }')).errors).toBeUndefined();
    } finally {
      await shallow.close();
    }
  });

  it('OOD needs a 28×28 gray model', async () => {
    await expect(server.services.ood.metrics('x', 0, 'tiny-onnx', 'msp', 100)).rejects.toMatchObject({
      extensions: { code: 'NO_IN_DISTRIBUTION_DATA' },
    });
  });

  it('refuses uploads over 50 MB and images over 4096×4096', async () => {
    const big = new Blob([new Uint8Array(50 * 1024 * 1024 + 1)]);
    const r = await gqlUpload(
      server.fetch,
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { id: 'big', file: null } },
      { 'i.file': big },
    );
    expect(codes(r)).toEqual(['PAYLOAD_TOO_LARGE']);
    const wide = await sharp({ create: { width: 4097, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const w = await gqlUpload(
      server.fetch,
      'mutation($i: ExplainInput!) { explain(input: $i) { id } }',
      { i: { model: TINY_MODEL_ID, method: 'OCCLUSION', image: null } },
      { 'i.image': new Blob([new Uint8Array(wide)]) },
    );
    expect(codes(w)).toEqual(['BAD_IMAGE']);
    const junk = await gqlUpload(
      server.fetch,
      'mutation($i: ExplainInput!) { explain(input: $i) { id } }',
      { i: { model: TINY_MODEL_ID, method: 'OCCLUSION', image: null } },
      { 'i.image': new Blob(['not an image']) },
    );
    expect(codes(junk)).toEqual(['BAD_IMAGE']);
  });

  it('prevents CSRF: a multipart request without a preflight header is refused', async () => {
    const r = await gqlUpload(
      server.fetch,
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { id: 'csrf', file: null } },
      { 'i.file': new Blob(['x']) },
      {},
    );
    expect(r.status).toBe(403);
  });

  it('requires the bearer token for mutations when one is set', async () => {
    const guarded = createServer({ dataDir: tempDir(), modelsRoot, token: 's3cret' });
    try {
      const m = 'mutation { cancelAudit(id: "x") { id } }';
      expect(codes(await gql(guarded.fetch, m))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(guarded.fetch, m, {}, { authorization: 'Bearer wrong' }))).toEqual([
        'UNAUTHENTICATED',
      ]);
      expect(codes(await gql(guarded.fetch, m, {}, { authorization: 'Bearer s3cret' }))).toEqual([
        'AUDIT_NOT_FOUND',
      ]);
      expect((await gql(guarded.fetch, '{ models { id } }')).errors).toBeUndefined();
    } finally {
      await guarded.close();
    }
  });

  it('masks unexpected errors as INTERNAL without leaking their message', async () => {
    const broken = createServer({
      dataDir: tempDir(),
      modelsRoot,
      queue: {
        submit: () => {
          throw new Error('secret internals at /srv/x');
        },
        close: async () => {},
      },
    });
    try {
      const r = await gql(broken.fetch, 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }', {
        i: { models: [TINY_MODEL_ID], noise: [{ kind: 'seed-wrap', seed: 0 }], count: 1 },
      });
      expect(r.status).toBe(200);
      expect(codes(r)).toEqual(['INTERNAL']);
      expect(JSON.stringify(r)).not.toContain('secret');
    } finally {
      await broken.close();
    }
  });
});
