/**
 * Issue 22 item 3: the server lists registry changes without a restart — a model added to its
 * data dir's registry by the CLI's code path (core's ModelRegistry, as `SNOWBLIND_HOME=<data-dir>
 * snowblind models add`) or by another server process on the same data dir.
 */
import { join } from 'node:path';
import { ModelRegistry } from '@snowblind/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

const MODELS = '{ models { id source } }';
const REGISTER = 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }';

let modelsRoot: string;
let dataDir: string;
let server: SnowblindServer;
let other: SnowblindServer;

async function listed(target: SnowblindServer): Promise<string[]> {
  const response = await gql(target.fetch, MODELS);
  expect(codes(response)).toEqual([]);
  return response.data!.models.map((m: { id: string }) => m.id);
}

beforeAll(async () => {
  modelsRoot = await makeModelsRoot();
  dataDir = tempDir();
  server = createServer({ dataDir, modelsRoot, token: null });
  other = createServer({ dataDir, modelsRoot, token: null });
});
afterAll(async () => {
  await server.close();
  await other.close();
});

describe('live registry', () => {
  it('a model added to the data dir registry outside the server is listed and usable at once', async () => {
    expect(await listed(server)).toEqual([TINY_MODEL_ID]);
    const registry = await ModelRegistry.open({
      home: dataDir,
      builtinPath: join(modelsRoot, 'registry.json'),
    });
    await registry.add({
      id: 'from-cli',
      path: join(modelsRoot, TINY_MODEL_ID, 'model.json'),
      preset: 'fashion-mnist',
    });
    expect(await listed(server)).toContain('from-cli');
    const one = await gql(server.fetch, '{ model(id: "from-cli") { id source } }');
    expect(one.data?.model).toEqual({ id: 'from-cli', source: 'user' });
  });

  it('a model registered through another server on the same data dir is listed, and a removal too', async () => {
    const added = await gql(other.fetch, REGISTER, {
      input: { id: 'from-other', path: `${TINY_MODEL_ID}/model.json`, preset: 'fashion-mnist' },
    });
    expect(codes(added)).toEqual([]);
    expect(await listed(server)).toContain('from-other');
    const registry = await ModelRegistry.open({
      home: dataDir,
      builtinPath: join(modelsRoot, 'registry.json'),
    });
    await registry.remove('from-other');
    expect(await listed(server)).not.toContain('from-other');
  });
});
