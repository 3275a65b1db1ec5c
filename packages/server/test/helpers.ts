/**
 * Shared test helpers: a temp models root holding a tiny TF.js Fashion-MNIST-shaped classifier
 * (registered in its registry.json with a model card), and small GraphQL request helpers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FASHION_MNIST_LABELS, fashionMnistDir } from '@snowblind/core';
import { FASHION_MNIST, fashionMnistMissing, missingTestDependency, TINY_ONNX } from '@snowblind/test-utils';
import * as tf from '@tensorflow/tfjs';

export const TINY_MODEL_ID = 'tiny-fashion';

export { TINY_ONNX };

export function tempDir(prefix = 'snowblind-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A probabilities-output twin of the tiny model: the same weights and a final softmax. */
export const TINY_SOFTMAX_MODEL_ID = 'tiny-fashion-softmax';

/**
 * A linear 28×28×1 → 10 logits TF.js layers model with fixed weights (no training: the tests
 * need determinism and a spread of top-1 labels on noise, not accuracy). With `softmax` the
 * dense layer ends in a softmax activation, so the model outputs probabilities (detected as
 * `outputKind: 'probabilities'` when the registry does not say).
 */
export async function writeTinyModel(dir: string, { softmax = false } = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, useBias: true, ...(softmax ? { activation: 'softmax' as const } : {}) }),
    ],
  });
  const kernel = tf.tensor2d(
    Array.from({ length: 784 * 10 }, (_, k) => Math.sin(k * 0.37) * 0.08),
    [784, 10],
  );
  const bias = tf.tensor1d(Array.from({ length: 10 }, (_, c) => Math.cos(c) * 0.5));
  model.layers[1]!.setWeights([kernel, bias]);
  kernel.dispose();
  bias.dispose();
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: 'layers-model',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return join(dir, 'model.json');
}

/** The registry entry of a tiny model written to `<id>/model.json`. */
async function registryEntry(
  id: string,
  file: string,
  description: string,
): Promise<Record<string, unknown>> {
  return {
    id,
    format: 'tfjs-layers',
    path: `${id}/model.json`,
    labels: [...FASHION_MNIST_LABELS],
    preset: 'fashion-mnist',
    sha256: await sha256Of(file),
    description,
  };
}

/**
 * A models root with `registry.json` listing the tiny model (with its card) and, with
 * `softmax`, its probabilities twin {@link TINY_SOFTMAX_MODEL_ID} (no `outputKind` in the
 * registry: the loader sees the final softmax).
 */
export async function makeModelsRoot({ softmax = false } = {}): Promise<string> {
  const root = tempDir('snowblind-models-');
  const file = await writeTinyModel(join(root, TINY_MODEL_ID));
  await writeFile(join(root, TINY_MODEL_ID, 'MODEL_CARD.md'), '# tiny-fashion\n\nA linear test model.\n');
  const registry: { version: number; models: Record<string, unknown>[] } = {
    version: 1,
    models: [
      {
        ...(await registryEntry(TINY_MODEL_ID, file, 'linear test model')),
        outputKind: 'logits',
        default: true,
      },
    ],
  };
  if (softmax) {
    const twin = await writeTinyModel(join(root, TINY_SOFTMAX_MODEL_ID), { softmax: true });
    registry.models.push(
      await registryEntry(TINY_SOFTMAX_MODEL_ID, twin, 'linear test model ending in a softmax'),
    );
  }
  await writeFile(join(root, 'registry.json'), JSON.stringify(registry, null, 2));
  return root;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** A GraphQL response as the tests read it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; hint?: string } }[];
}

type Fetch = (request: Request) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely, checking values not types
type Loose = Record<string, any>;

/** POST a GraphQL operation as JSON. */
export async function gql<T = Loose>(
  fetch: Fetch,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  base = 'http://127.0.0.1',
): Promise<GqlResponse<T>> {
  const response = await fetch(
    new Request(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    }),
  );
  const body = (await response.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** POST a GraphQL multipart request (graphql-multipart-request-spec) with files (a `File` keeps its name). */
export async function gqlUpload<T = Loose>(
  fetch: Fetch,
  query: string,
  variables: Record<string, unknown>,
  files: Record<string, Blob>,
  headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' },
): Promise<GqlResponse<T>> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  const names = Object.keys(files);
  form.set(
    'map',
    JSON.stringify(Object.fromEntries(names.map((path, i) => [String(i), [`variables.${path}`]]))),
  );
  for (const [i, path] of names.entries()) {
    const file = files[path]!;
    form.set(String(i), file, file instanceof File && file.name ? file.name : `upload-${i}`);
  }
  const response = await fetch(
    new Request('http://127.0.0.1/graphql', { method: 'POST', headers, body: form }),
  );
  const body = (await response.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** The codes of a response's errors. */
export function codes(response: GqlResponse): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** Poll `read` until `done` holds (tests never assert times; this only bounds a hang). */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * True (after printing why) when the Fashion-MNIST test set is not installed, so the OOD tests
 * skip; under SNOWBLIND_REQUIRE_TEST_DEPS=1 it throws instead and the test file fails.
 */
export function noFashionMnist(): boolean {
  return missingTestDependency(FASHION_MNIST, fashionMnistMissing(fashionMnistDir()));
}

/** One point of an `OodMetrics.roc` curve. */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number | null;
}

/** scikit-learn `auc`: the trapezoid area under the points. */
export const rocArea = (points: RocPoint[]): number =>
  points.slice(1).reduce((sum, p, i) => sum + ((p.fpr - points[i]!.fpr) * (p.tpr + points[i]!.tpr)) / 2, 0);
