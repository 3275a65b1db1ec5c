/**
 * Issue 22 item 3: the check classification after registering a model — classifyImage gives a
 * model's top-k of an uploaded photo, and its errors name no server folder.
 */
import { FASHION_MNIST_LABELS } from '@snowblind/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gqlUpload, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const CLASSIFY =
  'mutation($model: String!, $image: File!, $topK: Int) { classifyImage(model: $model, image: $image, topK: $topK) { label classIndex score } }';

let server: SnowblindServer;
let dataDir: string;
let png: Blob;

const classify = (
  target: SnowblindServer,
  model: string,
  image: Blob,
  topK?: number,
  headers?: Record<string, string>,
) => gqlUpload(target.fetch, CLASSIFY, { model, image: null, ...(topK ? { topK } : {}) }, { image }, headers);

beforeAll(async () => {
  dataDir = tempDir();
  server = createServer({ dataDir, modelsRoot: await makeModelsRoot(), token: null });
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a0a0a0' } })
    .png()
    .toBuffer();
  png = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
});
afterAll(() => server.close());

describe('classifyImage', () => {
  it('gives the top 5 of a photo, highest first, labels by class index', async () => {
    const r = await classify(server, TINY_MODEL_ID, png);
    expect(codes(r)).toEqual([]);
    const top = r.data!.classifyImage as { label: string; classIndex: number; score: number }[];
    expect(top).toHaveLength(5);
    for (const p of top) expect(p.label).toBe(FASHION_MNIST_LABELS[p.classIndex]);
    const scores = top.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.reduce((a, b) => a + b)).toBeLessThanOrEqual(1 + 1e-6);
    expect(new Set(top.map((p) => p.classIndex)).size).toBe(5);
    const all = (await classify(server, TINY_MODEL_ID, png, 10)).data!.classifyImage as { score: number }[];
    expect(all.reduce((a, b) => a + b.score, 0)).toBeCloseTo(1, 5);
  });

  it('an unknown model is MODEL_NOT_FOUND; bytes that are no image are refused without a server path', async () => {
    expect(codes(await classify(server, 'nope', png))).toEqual(['MODEL_NOT_FOUND']);
    const bad = await classify(server, TINY_MODEL_ID, new Blob(['not a png'], { type: 'image/png' }));
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors![0]!.message).not.toContain(dataDir);
    expect(bad.errors![0]!.message).not.toMatch(/\/tmp\//);
  });

  it('with a token configured, it needs the token', async () => {
    const guarded = createServer({ dataDir: tempDir(), modelsRoot: await makeModelsRoot(), token: 'sekrit' });
    try {
      expect(codes(await classify(guarded, TINY_MODEL_ID, png))).toEqual(['UNAUTHENTICATED']);
      const ok = await classify(guarded, TINY_MODEL_ID, png, 5, {
        'x-graphql-yoga-csrf': '1',
        authorization: 'Bearer sekrit',
      });
      expect(codes(ok)).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
