import { mkdtempSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelRegistry, SnowblindError } from '@snowblind/core';
import { missingTestDependency } from '@snowblind/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS, redisMissing, startRedis, type TestRedis } from '../test/index.js';
import { runDistributedAudit } from './run-distributed-audit.js';
import { localShardModel, modelContentHash, resolveShardModel } from './shard-model.js';
import { startWorker } from './start-worker.js';

const MODELS = fileURLToPath(new URL('../../../models', import.meta.url));
/** The id both registries give a model: the built-in MLP in one, the built-in CNN in the other. */
const NET = 'net';

const tempDir = () => mkdtempSync(join(tmpdir(), 'snowblind-distributed-'));

/**
 * A models root with copies of the built-in Fashion-MNIST MLP and CNN, and two registries that
 * each name one of them {@link NET}: `same` (the MLP, as the coordinator has it) and `other`.
 */
async function twoRegistries() {
  const root = tempDir();
  const builtin = JSON.parse(await readFile(join(MODELS, 'registry.json'), 'utf8')) as {
    models: { id: string }[];
  };
  const registryOf = async (file: string, id: string) => {
    await cp(join(MODELS, id), join(root, id), { recursive: true });
    const entry = builtin.models.find((m) => m.id === id)!;
    await writeFile(join(root, file), JSON.stringify({ version: 1, models: [{ ...entry, id: NET }] }));
    return join(root, file);
  };
  const same = await registryOf('registry.json', 'fmnist-mlp');
  const other = await registryOf('other-registry.json', 'fmnist-cnn');
  const open = (builtinPath: string) => ModelRegistry.open({ home: tempDir(), builtinPath });
  return { root, same, other, open };
}

describe('the model a shard names', () => {
  it('is a registry id when registered, else an absolute path; its hash covers model.json and the weights', async () => {
    const { root, same, other, open } = await twoRegistries();
    const mine = await resolveShardModel(NET, await open(same));
    const theirs = await resolveShardModel(NET, await open(other));
    expect(mine.ref).toBe(NET);
    // Same id, another model: another hash.
    expect(theirs.sha256).not.toBe(mine.sha256);
    const byPath = await resolveShardModel(join(root, 'fmnist-mlp'), await open(same));
    expect(byPath).toEqual({ ref: join(root, 'fmnist-mlp'), sha256: mine.sha256 });
    // Only model.json differs (one more field), the weights are the same file: the hash differs.
    const json = join(root, 'fmnist-mlp', 'model.json');
    const topology = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
    await writeFile(json, JSON.stringify({ ...topology, generatedBy: 'model-hash.test' }));
    expect((await resolveShardModel(join(root, 'fmnist-mlp'), await open(same))).sha256).not.toBe(
      mine.sha256,
    );
    // Only the weights differ: the hash still differs.
    const weights = join(root, 'fmnist-cnn', 'weights.bin');
    const bytes = await readFile(weights);
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(weights, bytes);
    expect((await resolveShardModel(NET, await open(other))).sha256).not.toBe(theirs.sha256);
  });

  it('is never a file of that name on a worker whose registry lacks the id', async () => {
    const { open, same } = await twoRegistries();
    const registry = await ModelRegistry.open({ home: tempDir(), builtinPath: null });
    const error = await localShardModel(NET, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnowblindError);
    expect((error as SnowblindError).code).toBe('MODEL_NOT_FOUND');
    expect((error as SnowblindError).hint).toContain('same model files');
    const found = await localShardModel(NET, await open(same));
    expect(await modelContentHash(found.file)).toBe((await resolveShardModel(NET, await open(same))).sha256);
  });
});

const NO_REDIS = missingTestDependency(REDIS, redisMissing());

describe.skipIf(NO_REDIS)('a worker whose model differs from the coordinator’s', () => {
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
        models: [NET],
        noise: { kind: 'seed-wrap', seed: 5 },
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
    expect(refused.message).toContain(`"${NET}"`);
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
      expect(result.runs[0]!.model.id).toBe(NET);
      expect(result.runs[0]!.describe.count).toBe(16);
    } finally {
      await twin.close();
    }
  }, 60_000);
});
