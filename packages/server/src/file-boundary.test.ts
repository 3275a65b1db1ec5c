/**
 * Issue 19 item 1 through the API: a model in the models root, an uploaded archive or ONNX file,
 * or a registry entry cannot make the server read a file outside its folder — in process and on
 * a real socket, with neither the secret's bytes nor its size nor its path in any response.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseOnnxModel, serializeOnnxModel } from '@snowblind/core';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codes,
  gql,
  gqlUpload,
  makeModelsRoot,
  TINY_MODEL_ID,
  TINY_ONNX,
  tempDir,
  until,
  writeTinyModel,
} from '../test/helpers.js';
import { testSocketServer } from '../test/test-server.js';
import { createServer, type RunningServer, type SnowblindServer } from './server.js';

const REGISTER = 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id source } }';
const START = 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }';
const AUDIT = 'query($id: ID!) { audit(id: $id) { status error { code message } } }';

let modelsRoot: string;
let dataDir: string;
let secretDir: string;
let secret: string;
let secretSize: string;
let server: SnowblindServer;
let running: RunningServer;
let base: string;

/** A tiny TF.js model `<id>/model.json` in the models root whose weights are `paths`. */
async function rootModelWithWeights(id: string, paths: string[]): Promise<Record<string, unknown>> {
  const folder = join(modelsRoot, id);
  await mkdir(folder, { recursive: true });
  const json = JSON.parse(await readFile(join(modelsRoot, TINY_MODEL_ID, 'model.json'), 'utf8'));
  json.weightsManifest[0].paths = paths;
  const text = JSON.stringify(json);
  await writeFile(join(folder, 'model.json'), text);
  return {
    id,
    format: 'tfjs-layers',
    path: `${id}/model.json`,
    preset: 'fashion-mnist',
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Every response body an audit of `model` produces, and the codes in them. */
async function auditOf(fetch: SnowblindServer['fetch'], model: string, at?: string) {
  const texts: string[] = [];
  const started = await gql(
    fetch,
    START,
    { i: { models: [model], noise: [{ kind: 'uniform', seed: 1 }], count: 1, batchSize: 1 } },
    {},
    at,
  );
  texts.push(JSON.stringify(started));
  if (started.errors) return { texts, code: codes(started)[0] };
  const done = await until(
    () => gql(fetch, AUDIT, { id: started.data!.startAudit.id }, {}, at),
    (r) => !['QUEUED', 'RUNNING'].includes(r.data?.audit?.status),
  );
  texts.push(JSON.stringify(done));
  return { texts, code: done.data!.audit.error?.code, status: done.data!.audit.status };
}

/** Nothing of the secret in a response: not its bytes, its size or where it is. */
function expectNoLeak(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain('TOP SECRET');
    expect(text).not.toContain(secretSize);
    expect(text).not.toContain(secretDir);
  }
}

beforeAll(async () => {
  modelsRoot = await makeModelsRoot();
  dataDir = tempDir();
  secretDir = tempDir('snowblind-secret-');
  secret = join(secretDir, 'secret.bin');
  // Exactly the size of the tiny model's weights: before the fix it loaded as weights and
  // came back, through the model's outputs, as audit results.
  const size = (await readFile(join(modelsRoot, TINY_MODEL_ID, 'weights.bin'))).length;
  secretSize = String(size);
  await writeFile(secret, Buffer.alloc(size, 'TOP SECRET '));
  const registry = JSON.parse(await readFile(join(modelsRoot, 'registry.json'), 'utf8'));
  const fromRoot = relative(join(modelsRoot, 'evil-parent'), secret);
  registry.models.push(await rootModelWithWeights('evil-parent', [fromRoot]));
  registry.models.push(await rootModelWithWeights('evil-absolute', [secret]));
  registry.models.push(await rootModelWithWeights('evil-symlink', ['weights.bin']));
  await symlink(secret, join(modelsRoot, 'evil-symlink', 'weights.bin'));
  await writeFile(join(modelsRoot, 'registry.json'), JSON.stringify(registry));
  server = createServer({ dataDir, modelsRoot, concurrency: 1, token: null });
  running = await testSocketServer({ modelsRoot });
  base = running.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await server.close();
  await running.close();
});

describe('the exfiltration through a one-image audit is refused', () => {
  for (const model of ['evil-parent', 'evil-absolute', 'evil-symlink']) {
    it(`${model}: PATH_OUTSIDE_ROOT in process and on a real socket, nothing of the secret`, async () => {
      const inProcess = await auditOf(server.fetch, model);
      expect(inProcess.code).toBe('PATH_OUTSIDE_ROOT');
      expectNoLeak(inProcess.texts);
      const socket = await auditOf(globalThis.fetch, model, base);
      expect(socket.code).toBe('PATH_OUTSIDE_ROOT');
      expectNoLeak(socket.texts);
    });
  }

  it('the honest model in the same root still audits', async () => {
    expect((await auditOf(server.fetch, TINY_MODEL_ID)).status).toBe('SUCCEEDED');
  });
});

describe('uploads stay in their extraction folder', () => {
  it('a zip entry with ../ or an absolute name is PATH_OUTSIDE_ROOT and writes nothing', async () => {
    const dir = tempDir();
    await writeTinyModel(dir);
    const good = {
      'model.json': readFileSync(join(dir, 'model.json')),
      'weights.bin': readFileSync(join(dir, 'weights.bin')),
    };
    for (const [name, evil] of [
      ['parent', '../escaped.txt'],
      ['deep', 'a/../../../escaped.txt'],
      ['absolute', join(dataDir, 'escaped-absolute.txt')],
    ] as const) {
      const zip = zipSync({ ...good, [evil]: new TextEncoder().encode('escaped') });
      const r = await gqlUpload(
        server.fetch,
        REGISTER,
        { input: { id: `zip-${name}`, file: null } },
        { 'input.file': new Blob([zip]) },
      );
      expect(codes(r), evil).toEqual(['PATH_OUTSIDE_ROOT']);
    }
    expect(existsSync(join(dataDir, 'uploads', 'escaped.txt'))).toBe(false);
    expect(existsSync(join(dataDir, 'escaped-absolute.txt'))).toBe(false);
    // Failed uploads leave no folder behind.
    expect(existsSync(join(dataDir, 'uploads')) ? await readdir(join(dataDir, 'uploads')) : []).toEqual([]);
  });

  it('an uploaded model.json whose weights point outside is PATH_OUTSIDE_ROOT, no secret in the answer', async () => {
    const dir = tempDir();
    await writeTinyModel(dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = [`../../../../../../../../..${secret}`];
    const zip = zipSync({ 'model.json': new TextEncoder().encode(JSON.stringify(json)) });
    const r = await gqlUpload(
      server.fetch,
      REGISTER,
      { input: { id: 'zip-weights', file: null } },
      { 'input.file': new Blob([zip]) },
    );
    expect(codes(r)).toEqual(['PATH_OUTSIDE_ROOT']);
    expect(JSON.stringify(r)).not.toContain(secretSize);
    expect(JSON.stringify(r)).not.toContain('TOP SECRET');
  });

  it('an uploaded ONNX file with external data outside its folder, or in the working directory, is refused', async () => {
    const upload = async (id: string, location: string) => {
      const model = parseOnnxModel(readFileSync(TINY_ONNX));
      const tensor = model.graph.initializer![0]!;
      tensor.externalData = [{ key: 'location', value: location }];
      tensor.dataLocation = 1;
      delete tensor.rawData;
      const bytes = serializeOnnxModel(model);
      return gqlUpload(
        server.fetch,
        REGISTER,
        { input: { id, file: null } },
        { 'input.file': new Blob([bytes]) },
      );
    };
    const outside = await upload('onnx-outside', relative(join(dataDir, 'uploads', 'x'), secret));
    expect(codes(outside)).toEqual(['PATH_OUTSIDE_ROOT']);
    expectNoLeak([JSON.stringify(outside)]);
    // onnxruntime given bytes reads a relative location from the process's working directory.
    const cwd = await upload('onnx-cwd', 'package.json');
    expect(codes(cwd)).toEqual(['FILE_NOT_FOUND']);
    expect(JSON.stringify(cwd)).not.toContain(dataDir);
  });
});

describe('registry paths stay in the registry folder', () => {
  it('registerModel(path:) leaving the models root is PATH_OUTSIDE_ROOT on a real socket', async () => {
    for (const path of ['../x/model.json', `${TINY_MODEL_ID}/../../model.json`, '/etc/passwd']) {
      const r = await gql(globalThis.fetch, REGISTER, { input: { id: 'by-path', path } }, {}, base);
      expect(codes(r), path).toEqual(['PATH_OUTSIDE_ROOT']);
      expect(JSON.stringify(r)).not.toContain(modelsRoot);
    }
  });

  it('a built-in registry entry naming ../ is refused with the entry named, not read', async () => {
    const root = await makeModelsRoot();
    const registry = JSON.parse(await readFile(join(root, 'registry.json'), 'utf8'));
    registry.models[0].path = relative(root, secret);
    await writeFile(join(root, 'registry.json'), JSON.stringify(registry));
    const other = createServer({ dataDir: tempDir(), modelsRoot: root, token: null });
    try {
      const r = await gql(other.fetch, '{ models { id } }');
      expect(codes(r)).toEqual(['PATH_OUTSIDE_ROOT']);
      expect(r.errors![0]!.message).toContain(`model "${TINY_MODEL_ID}"`);
      expectNoLeak([JSON.stringify(r)]);
    } finally {
      await other.close();
    }
  });
});

describe('errors name files as the client knows them, never the server folders', () => {
  it('a broken uploaded model or a junk file in the models root: no server folder in the answer', async () => {
    const zip = zipSync({ 'm/model.json': new TextEncoder().encode('{ not json') });
    const uploaded = await gqlUpload(
      server.fetch,
      REGISTER,
      { input: { id: 'broken-zip', file: null } },
      { 'input.file': new Blob([zip]) },
    );
    expect(codes(uploaded)).toEqual(['BAD_MODEL']);
    expect(uploaded.errors![0]!.message).toMatch(/^m\/model\.json is not a usable TF\.js model/);
    await writeFile(join(modelsRoot, 'junk.json'), '{ not json');
    const byPath = await gql(server.fetch, REGISTER, { input: { id: 'junk', path: 'junk.json' } });
    expect(codes(byPath)).toEqual(['BAD_MODEL']);
    expect(byPath.errors![0]!.message).toMatch(/^junk\.json is not a usable TF\.js model/);
    for (const r of [uploaded, byPath]) {
      expect(JSON.stringify(r)).not.toContain(dataDir);
      expect(JSON.stringify(r)).not.toContain(modelsRoot);
    }
  });

  it('an invalid built-in registry is REGISTRY_ERROR naming the field, not the folder', async () => {
    const root = await makeModelsRoot();
    const registry = JSON.parse(await readFile(join(root, 'registry.json'), 'utf8'));
    registry.models[0].format = 'pt';
    await writeFile(join(root, 'registry.json'), JSON.stringify(registry));
    const other = createServer({ dataDir: tempDir(), modelsRoot: root, token: null });
    try {
      const r = await gql(other.fetch, '{ models { id } }');
      expect(codes(r)).toEqual(['REGISTRY_ERROR']);
      expect(r.errors![0]!.message).toMatch(
        /^model registry registry\.json is invalid: models\[0\]\.format: /,
      );
      expect(JSON.stringify(r)).not.toContain(root);
    } finally {
      await other.close();
    }
  });
});
