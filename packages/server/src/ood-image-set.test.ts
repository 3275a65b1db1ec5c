/**
 * Issue 22 item 2: OOD metrics against the user's own photos. An uploaded image set is stored
 * under the data dir, listed, used by `ood(inDistributionSet:)` for any model (squeezenet1.1,
 * which has no built-in set), and deleted; bad files, too many files and a missing token are
 * refused before anything is written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImage, inputShape, loadModel, ModelRegistry, preprocessInto, softmax } from '@snowblind/core';
import { missingTestDependency, ZOO, zooMissing, zooPath } from '@snowblind/test-utils';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, gqlUpload, tempDir, until } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';
import { IMAGE_SET_LIMITS } from './services/image-set-files.js';

const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));
const MODEL = 'squeezenet1.1';
const TOKEN = 'set-secret';
const AUTH = { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${TOKEN}` };
const UPLOAD =
  'mutation($files: [File!]!, $name: String) { uploadImageSet(files: $files, name: $name) { id name count bytes fileNames } }';
const SETS = '{ imageSets { id name count } }';
const OOD = `query($id: ID!, $set: ID) { audit(id: $id) { runs { ood(inDistributionSet: $set) {
  auroc inDistribution inDistributionCount accuracy inDistributionSet { id } } } } }`;

/** `files` as the `files` list variable of a multipart request. */
const upload = (
  server: SnowblindServer,
  files: File[],
  headers: Record<string, string> = AUTH,
  name?: string,
) =>
  gqlUpload(
    server.fetch,
    UPLOAD,
    { files: files.map(() => null), ...(name ? { name } : {}) },
    Object.fromEntries(files.map((f, i) => [`files.${i}`, f])),
    headers,
  );

/** The zoo's three photos and two more made from them with sharp (mirrored, resized). */
async function photos(): Promise<File[]> {
  const read = (name: string) => readFile(zooPath(`images/${name}`));
  const [dog, fish, kitten] = await Promise.all([read('dog.jpg'), read('fish.png'), read('kitten_224.png')]);
  const mirrored = await sharp(dog).flop().jpeg().toBuffer();
  const small = await sharp(fish).resize(300, 200).png().toBuffer();
  const file = (bytes: Uint8Array, name: string) => new File([new Uint8Array(bytes)], name);
  return [
    file(dog, 'dog.jpg'),
    file(fish, 'fish.png'),
    file(kitten, 'kitten.png'),
    file(mirrored, 'dog-mirrored.jpg'),
    file(small, '../../escape.png'),
  ];
}

/** MSP of each image by squeezenet1.1 (it ends in a softmax), one image at a time (no scoreImages, no batching). */
async function mspByHand(images: readonly Uint8Array[]): Promise<number[]> {
  const registry = await ModelRegistry.open({
    home: tempDir(),
    builtinPath: join(MODELS_ROOT, 'registry.json'),
  });
  const model = await loadModel(MODEL, { registry });
  const input = new Float32Array(inputShape(model.preset, model.inputChannels).size);
  const msp: number[] = [];
  for (const bytes of images) {
    preprocessInto(await decodeImage(bytes), model.preset, input, 0);
    const output = await model.predict(input, 1);
    msp.push(Math.max(...(model.outputKind === 'logits' ? softmax(output, 1, model.numClasses) : output)));
  }
  await model.dispose();
  return msp;
}

/** AUROC with noise positive and −MSP its score: P(noise MSP < real MSP), ties counting half. */
function aurocByHand(real: readonly number[], noise: readonly number[]): number {
  let wins = 0;
  for (const r of real) for (const n of noise) wins += n < r ? 1 : n === r ? 0.5 : 0;
  return wins / (real.length * noise.length);
}

describe.skipIf(missingTestDependency(ZOO, zooMissing))('in-distribution image sets', () => {
  let server: SnowblindServer;
  let dataDir: string;
  let auditId: string;
  let files: File[];

  beforeAll(async () => {
    dataDir = tempDir();
    server = createServer({ dataDir, modelsRoot: MODELS_ROOT, token: TOKEN });
    files = await photos();
    const started = await gql(
      server.fetch,
      'mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }',
      { input: { models: [MODEL], noise: [{ kind: 'uniform', seed: 3 }], count: 6, batchSize: 6 } },
      AUTH,
    );
    expect(codes(started)).toEqual([]);
    auditId = started.data!.startAudit.id;
    await until(
      () => gql(server.fetch, 'query($id: ID!) { audit(id: $id) { status } }', { id: auditId }),
      (r) => r.data?.audit?.status === 'SUCCEEDED',
      120_000,
    );
  }, 150_000);
  afterAll(() => server?.close());

  it('stores photos as a set, lists it, and scores squeezenet1.1 noise against them', async () => {
    const uploaded = await upload(server, files, AUTH, 'zoo photos');
    expect(codes(uploaded)).toEqual([]);
    const set = uploaded.data!.uploadImageSet;
    expect(set).toMatchObject({ name: 'zoo photos', count: 5 });
    expect(set.fileNames).toEqual(['dog.jpg', 'fish.png', 'kitten.png', 'dog-mirrored.jpg', 'escape.png']);
    // Inside the data dir, by index: the client's "../../escape.png" is only a name in a list.
    expect(readdirSync(join(dataDir, 'image-sets', set.id)).sort()).toEqual([
      '0000.jpg',
      '0001.png',
      '0002.png',
      '0003.jpg',
      '0004.png',
      'set.json',
    ]);
    expect(existsSync(join(dataDir, 'escape.png'))).toBe(false);
    expect((await gql(server.fetch, SETS)).data!.imageSets).toEqual([
      { id: set.id, name: 'zoo photos', count: 5 },
    ]);

    // Without a set squeezenet1.1 has nothing to compare with, and the hint says what to do.
    const none = await gql(server.fetch, OOD, { id: auditId }, AUTH);
    expect(codes(none)).toEqual(['NO_IN_DISTRIBUTION_DATA']);
    expect(none.errors![0]!.extensions!.hint).toContain('uploadImageSet');

    // Starting the scoring job needs the token; reading what it computed does not.
    expect(codes(await gql(server.fetch, OOD, { id: auditId, set: set.id }))).toEqual(['UNAUTHENTICATED']);
    const computed = await gql(server.fetch, OOD, { id: auditId, set: set.id }, AUTH);
    expect(codes(computed)).toEqual([]);
    const ood = computed.data!.audit.runs[0].ood;
    expect(ood).toMatchObject({
      inDistribution: 'zoo photos',
      inDistributionCount: 5,
      accuracy: null,
      inDistributionSet: { id: set.id },
    });
    const samples = await gql(
      server.fetch,
      'query($id: ID!) { audit(id: $id) { runs { samples { score } } } }',
      {
        id: auditId,
      },
    );
    const noise = samples.data!.audit.runs[0].samples.map((s: { score: number }) => s.score);
    const real = await mspByHand(
      await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer()))),
    );
    expect(ood.auroc).toBeCloseTo(aurocByHand(real, noise), 6);
    const cached = await gql(server.fetch, OOD, { id: auditId, set: set.id });
    expect(cached.data!.audit.runs[0].ood.auroc).toBe(ood.auroc);
  }, 120_000);

  it('refuses the whole set for one file that is no image, naming it, and writes nothing', async () => {
    const before = (await gql(server.fetch, SETS)).data!.imageSets.length;
    const text = new File(['not a photo'], 'notes.txt');
    const refused = await upload(server, [files[0]!, text]);
    expect(codes(refused)).toEqual(['BAD_IMAGE']);
    expect(refused.errors![0]!.message).toContain('"notes.txt"');
    const truncated = new File([(await files[0]!.arrayBuffer()).slice(0, 2000)], 'cut.jpg');
    const cut = await upload(server, [truncated]);
    expect(codes(cut)).toEqual(['BAD_IMAGE']);
    expect(cut.errors![0]!.message).toMatch(/^"cut\.jpg" could not be decoded/);
    expect((await gql(server.fetch, SETS)).data!.imageSets).toHaveLength(before);
    expect(readdirSync(join(dataDir, 'image-sets')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses more files than a set holds, and an empty list', async () => {
    const pixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const many = Array.from(
      { length: IMAGE_SET_LIMITS.maxImages + 1 },
      (_, i) => new File([new Uint8Array(pixel)], `${i}.png`),
    );
    const refused = await upload(server, many);
    expect(codes(refused)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(refused.errors![0]!.message).toContain(`at most ${IMAGE_SET_LIMITS.maxImages} images`);
    expect(codes(await upload(server, []))).toEqual(['BAD_INPUT']);
  }, 60_000);

  it('refuses photos that decode to more pixels in all than one image may have, naming where', async () => {
    // Flat 4096×4096 PNGs are a few kB each but 16.7 M pixels: a small upload, a large decode.
    const flat = await sharp({ create: { width: 4096, height: 4096, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const perImage = 4096 * 4096;
    const fit = Math.floor(IMAGE_SET_LIMITS.maxPixels / perImage);
    const many = Array.from({ length: fit + 1 }, (_, i) => new File([new Uint8Array(flat)], `flat-${i}.png`));
    const refused = await upload(server, many);
    expect(codes(refused)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(refused.errors![0]!.message).toBe(
      `the images up to "flat-${fit}.png" have ${(fit + 1) * perImage} pixels in all; the limit is ${IMAGE_SET_LIMITS.maxPixels}`,
    );
  }, 120_000);

  it('needs the token to upload or delete a set, and deletes it with its files', async () => {
    const anonymous = { 'x-graphql-yoga-csrf': '1' };
    expect(codes(await upload(server, [files[2]!], anonymous))).toEqual(['UNAUTHENTICATED']);
    // A multipart request is a "simple" one a foreign page could send: without the CSRF header it is refused.
    const forged = await upload(server, [files[2]!], { authorization: AUTH.authorization });
    expect([forged.status, codes(forged)]).toEqual([403, ['FORBIDDEN']]);
    const set = (await upload(server, [files[2]!])).data!.uploadImageSet;
    expect(set.name).toBe('1 photo');
    const DELETE = 'mutation($id: ID!) { deleteImageSet(id: $id) { id } }';
    expect(codes(await gql(server.fetch, DELETE, { id: set.id }, anonymous))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(server.fetch, DELETE, { id: set.id }, AUTH))).toEqual([]);
    expect(existsSync(join(dataDir, 'image-sets', set.id))).toBe(false);
    expect(codes(await gql(server.fetch, OOD, { id: auditId, set: set.id }, AUTH))).toEqual([
      'IMAGE_SET_NOT_FOUND',
    ]);
    // Ids that are no set's, however they are spelled, name nothing on disk.
    for (const junk of ['', '\u0000', 'x'.repeat(5000), '/etc/passwd', '../../etc', `${set.id}/..`]) {
      expect(codes(await gql(server.fetch, OOD, { id: auditId, set: junk }, AUTH))).toEqual([
        'IMAGE_SET_NOT_FOUND',
      ]);
      expect(codes(await gql(server.fetch, DELETE, { id: junk }, AUTH))).toEqual(['IMAGE_SET_NOT_FOUND']);
    }
    expect(existsSync(join(dataDir, 'image-sets'))).toBe(true);
  });
});
