/**
 * Issue 19 item 5 through the API: parallel `registerModel` calls all keep their entries (in
 * process and on a real socket), and `force: true` never replaces a built-in model.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, gqlUpload, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { testSocketServer } from '../test/test-server.js';
import { createServer, type RunningServer, type SnowblindServer } from './server.js';

const REGISTER = 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id source } }';
const MODELS = '{ models { id source isDefault description } }';

let modelsRoot: string;
let dataDir: string;
let server: SnowblindServer;
let socketDataDir: string;
let running: RunningServer;
let base: string;

/** The ids in a server's user registry file. */
async function storedIds(dir: string): Promise<string[]> {
  const file = JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8'));
  return file.models.map((e: { id: string }) => e.id).sort();
}

beforeAll(async () => {
  modelsRoot = await makeModelsRoot();
  dataDir = tempDir();
  server = createServer({ dataDir, modelsRoot, token: null });
  socketDataDir = tempDir();
  running = await testSocketServer({ dataDir: socketDataDir, modelsRoot });
  base = running.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await server.close();
  await running.close();
});

describe('parallel registerModel', () => {
  it('10 calls in process: every one succeeds and every entry is kept', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `par-${i}`);
    const results = await Promise.all(
      ids.map((id) =>
        gql(server.fetch, REGISTER, {
          input: { id, path: `${TINY_MODEL_ID}/model.json`, preset: 'fashion-mnist' },
        }),
      ),
    );
    expect(results.flatMap((r) => codes(r))).toEqual([]);
    expect(await storedIds(dataDir)).toEqual([...ids].sort());
    const listed = (await gql(server.fetch, MODELS)).data!.models.map((m: { id: string }) => m.id);
    expect(listed).toEqual(expect.arrayContaining(ids));
  });

  it('10 calls on a real socket, uploads and paths mixed: every entry is kept', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `sock-${i}`);
    const model = readFileSync(join(modelsRoot, TINY_MODEL_ID, 'model.json'));
    const weights = readFileSync(join(modelsRoot, TINY_MODEL_ID, 'weights.bin'));
    const zip = zipSync({ 'model.json': model, 'weights.bin': weights });
    // gqlUpload builds its request for http://127.0.0.1/graphql: send it to the socket instead.
    const socketFetch = (request: Request) =>
      globalThis.fetch(new Request(request.url.replace('http://127.0.0.1', base), request));
    const results = await Promise.all(
      ids.map((id, i) =>
        i % 2 === 0
          ? gql(globalThis.fetch, REGISTER, { input: { id, path: `${TINY_MODEL_ID}/model.json` } }, {}, base)
          : gqlUpload(
              socketFetch,
              REGISTER,
              { input: { id, file: null } },
              { 'input.file': new Blob([zip]) },
            ),
      ),
    );
    expect(results.flatMap((r) => codes(r))).toEqual([]);
    expect(await storedIds(socketDataDir)).toEqual([...ids].sort());
  });
});

describe('force never replaces a built-in model', () => {
  it('registerModel(force: true) on a built-in id is REGISTRY_ERROR; the built-in and the default stay', async () => {
    const r = await gql(server.fetch, REGISTER, {
      input: { id: TINY_MODEL_ID, path: `${TINY_MODEL_ID}/model.json`, description: 'mine', force: true },
    });
    expect(codes(r)).toEqual(['REGISTRY_ERROR']);
    expect(r.errors![0]!.extensions!.hint).toMatch(/another id/);
    const tiny = (await gql(server.fetch, MODELS)).data!.models.filter(
      (m: { id: string }) => m.id === TINY_MODEL_ID,
    );
    expect(tiny).toEqual([
      { id: TINY_MODEL_ID, source: 'builtin', isDefault: true, description: 'linear test model' },
    ]);
  });
});
