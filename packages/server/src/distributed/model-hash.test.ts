import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelRegistry, SnowblindError } from '@snowblind/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModelsRoot, TINY_MODEL_ID, TINY_SOFTMAX_MODEL_ID, tempDir } from '../../test/helpers.js';
import { runDistributedAudit } from './run-distributed-audit.js';
import { localShardModel, modelContentHash, resolveShardModel } from './shard-model.js';
import { startWorker } from './start-worker.js';
import { hasRedisServer, startRedis, type TestRedis } from './test-redis.js';

/** A models root whose registry has the tiny model, and a second registry naming its softmax twin with the tiny model's id. */
async function twoRegistries() {
  const root = await makeModelsRoot({ softmax: true });
  const stored = JSON.parse(await readFile(join(root, 'registry.json'), 'utf8')) as {
    models: { id: string }[];
  };
  const twin = stored.models.find((m) => m.id === TINY_SOFTMAX_MODEL_ID)!;
  const other = join(root, 'other-registry.json');
  await writeFile(other, JSON.stringify({ models: [{ ...twin, id: TINY_MODEL_ID }] }));
  const open = (builtinPath: string) => ModelRegistry.open({ home: tempDir(), builtinPath });
  return { root, same: join(root, 'registry.json'), other, open };
}

describe('the model a shard names', () => {
  it('is a registry id when registered, else an absolute path; its hash covers the TF.js weights', async () => {
    const { root, same, other, open } = await twoRegistries();
    const mine = await resolveShardModel(TINY_MODEL_ID, await open(same));
    const theirs = await resolveShardModel(TINY_MODEL_ID, await open(other));
    expect(mine.ref).toBe(TINY_MODEL_ID);
    // Same id, same weights file, another model.json (a final softmax): another hash.
    expect(theirs.sha256).not.toBe(mine.sha256);
    const byPath = await resolveShardModel(join(root, TINY_MODEL_ID), await open(same));
    expect(byPath).toEqual({ ref: join(root, TINY_MODEL_ID), sha256: mine.sha256 });
    // Only the weights differ: the hash still differs.
    const weights = join(root, TINY_SOFTMAX_MODEL_ID, 'weights.bin');
    const bytes = await readFile(weights);
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(weights, bytes);
    expect((await resolveShardModel(TINY_MODEL_ID, await open(other))).sha256).not.toBe(theirs.sha256);
  });

  it('is never a file of that name on a worker whose registry lacks the id', async () => {
    const { open, same } = await twoRegistries();
    const registry = await ModelRegistry.open({ home: tempDir(), builtinPath: null });
    const error = await localShardModel(TINY_MODEL_ID, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnowblindError);
    expect((error as SnowblindError).code).toBe('MODEL_NOT_FOUND');
    expect((error as SnowblindError).hint).toContain('same model files');
    const found = await localShardModel(TINY_MODEL_ID, await open(same));
    expect(await modelContentHash(found.file)).toBe(
      (await resolveShardModel(TINY_MODEL_ID, await open(same))).sha256,
    );
  });
});

describe.skipIf(!hasRedisServer())('a worker whose model differs from the coordinator’s', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = (await startRedis())!;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('refuses the shard with HASH_MISMATCH naming the model and the worker; a worker with the same files runs it', async () => {
    const { same, other, open } = await twoRegistries();
    const audit = async () =>
      runDistributedAudit({
        redis: redis.url,
        registry: await open(same),
        models: [TINY_MODEL_ID],
        noise: { kind: 'seed-wrap', seed: 5, width: 28, height: 28, channels: 1 },
        count: 16,
        batchSize: 8,
      });
    const stranger = await startWorker({
      redis: redis.url,
      id: 'stranger',
      home: tempDir(),
      registryPath: other,
      heartbeatMs: 500,
    });
    let error: unknown;
    try {
      error = await audit().catch((e: unknown) => e);
    } finally {
      await stranger.close();
    }
    expect(error).toBeInstanceOf(SnowblindError);
    const refused = error as SnowblindError;
    expect(refused.code).toBe('HASH_MISMATCH');
    expect(refused.message).toContain('stranger');
    expect(refused.message).toContain(`"${TINY_MODEL_ID}"`);
    expect(refused.hint).toContain('same model files');

    const twin = await startWorker({
      redis: redis.url,
      id: 'twin',
      home: tempDir(),
      registryPath: same,
      heartbeatMs: 500,
    });
    try {
      const result = await audit();
      expect(result.runs[0]!.model.id).toBe(TINY_MODEL_ID);
      expect(result.runs[0]!.describe.count).toBe(16);
    } finally {
      await twin.close();
    }
  }, 60_000);
});
