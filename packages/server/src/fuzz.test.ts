import { ERROR_CODES } from '@snowblind/core';
import { DISTRIBUTED_ERROR_CODES } from '@snowblind/distributed';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GqlResponse, gql, gqlUpload, TINY_MODEL_ID } from '../test/helpers.js';
import { idleQueue } from '../test/idle-queue.js';
import { testServer } from '../test/test-server.js';
import { SERVER_ERROR_CODES } from './errors.js';
import type { SnowblindServer } from './server.js';

/** Codes a client may see: core's, the distributed runner's, the server's, and yoga's request codes. Never INTERNAL. */
const KNOWN = new Set<string>([
  ...ERROR_CODES.filter((c) => c !== 'INTERNAL'),
  ...DISTRIBUTED_ERROR_CODES,
  ...SERVER_ERROR_CODES,
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'FORBIDDEN',
  'REQUEST_ENTITY_TOO_LARGE',
]);

let server: SnowblindServer;
beforeAll(async () => {
  // Jobs are accepted and never run: the fuzz is about the boundary, not the engine.
  server = await testServer({ queue: idleQueue() });
});
afterAll(async () => {
  await server.close();
});

function assertCoded(response: GqlResponse): void {
  expect(response.status).toBeLessThan(500);
  for (const error of response.errors ?? []) {
    expect(KNOWN.has(error.extensions?.code ?? ''), JSON.stringify(error)).toBe(true);
  }
}

/** Anything JSON can carry, biased towards the boundaries the schema checks. */
const junk = fc.oneof(
  fc.integer(),
  fc.integer({ min: -2, max: 1_000_002 }),
  fc.constantFrom(0, 1, -1, 4096, 4097, 1_000_000, 1_000_001, 2 ** 31, 2 ** 53, 1e308, -0, 0.5),
  fc.double(),
  fc.string(),
  fc.constantFrom(
    '',
    '..',
    '../../etc/passwd',
    '/etc/passwd',
    TINY_MODEL_ID,
    'seed-wrap',
    'gaussian',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const kind = fc.oneof(
  fc.constantFrom('seed-wrap', 'gaussian', 'uniform', 'salt-pepper', 'low-frequency', 'constant'),
  junk,
);
const spec = fc.record(
  {
    kind,
    seed: fc.oneof(fc.nat(), junk),
    params: maybe(
      fc.record(
        {
          mean: maybe(junk),
          std: maybe(junk),
          low: maybe(junk),
          high: maybe(junk),
          density: maybe(junk),
          scale: maybe(junk),
          color: maybe(junk),
        },
        { requiredKeys: [] },
      ),
    ),
    width: maybe(junk),
    height: maybe(junk),
    channels: maybe(junk),
    rng: maybe(fc.oneof(fc.constantFrom('default', 'numpy'), junk)),
  },
  { requiredKeys: ['kind', 'seed'] },
);
const id = fc.oneof(fc.uuid(), fc.string(), junk);
const RUNS = { numRuns: 150, seed: 42 };

describe('fuzzing every mutation: bad input is a coded error, never a 5xx or a crash', () => {
  it('startAudit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          models: fc.oneof(
            fc.constant([TINY_MODEL_ID]),
            fc.array(fc.oneof(fc.constant(TINY_MODEL_ID), fc.string()), { maxLength: 20 }),
            junk,
          ),
          noise: fc.oneof(fc.array(spec, { maxLength: 3 }), junk),
          count: fc.oneof(fc.integer({ min: 1, max: 100 }), junk),
          batchSize: maybe(junk),
          topK: maybe(junk),
        }),
        async (input) => {
          assertCoded(
            await gql(
              server.fetch,
              'mutation($input: StartAuditInput!) { startAudit(input: $input) { id status } }',
              { input },
            ),
          );
        },
      ),
      RUNS,
    );
  });

  it('cancelAudit and resumeAudit', async () => {
    const started = await gql(
      server.fetch,
      'mutation { startAudit(input: { models: ["tiny-fashion"], noise: [{ kind: "uniform", seed: 1 }], count: 5 }) { id } }',
    );
    const real = started.data!.startAudit.id as string;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(real), id),
        fc.constantFrom('cancelAudit', 'resumeAudit'),
        async (target, mutation) => {
          assertCoded(
            await gql(server.fetch, `mutation($id: ID!) { ${mutation}(id: $id) { id status } }`, {
              id: target,
            }),
          );
        },
      ),
      RUNS,
    );
  });

  it('explain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            model: fc.oneof(fc.constant(TINY_MODEL_ID), junk),
            method: fc.oneof(
              fc.constantFrom('INTEGRATED_GRADIENTS', 'SALIENCY', 'NOISE_TUNNEL', 'OCCLUSION'),
              junk,
            ),
            sample: maybe(fc.record({ auditId: id, run: maybe(junk), index: fc.oneof(fc.nat(), junk) })),
            noise: maybe(fc.record({ spec, index: fc.oneof(fc.nat(), junk) })),
            target: maybe(junk),
            params: maybe(
              fc.record(
                {
                  nSteps: maybe(junk),
                  internalBatchSize: maybe(junk),
                  ntType: maybe(fc.oneof(fc.constantFrom('SMOOTHGRAD', 'VARGRAD'), junk)),
                  ntSamples: maybe(junk),
                  stdevs: maybe(junk),
                  slidingWindow: maybe(junk),
                  strides: maybe(junk),
                  baseline: maybe(junk),
                  seed: maybe(junk),
                },
                { requiredKeys: [] },
              ),
            ),
            sign: maybe(fc.oneof(fc.constantFrom('POSITIVE', 'ALL'), junk)),
            outlierPerc: maybe(junk),
          },
          { requiredKeys: ['model', 'method'] },
        ),
        async (input) => {
          assertCoded(
            await gql(
              server.fetch,
              'mutation($input: ExplainInput!) { explain(input: $input) { id status } }',
              { input },
            ),
          );
        },
      ),
      RUNS,
    );
  });

  it('registerModel by path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), junk),
            path: maybe(
              fc.oneof(
                fc.constantFrom('tiny-fashion/model.json', 'tiny-fashion', '../', 'registry.json', '.'),
                fc.string(),
                junk,
              ),
            ),
            preset: maybe(fc.oneof(fc.constantFrom('fashion-mnist', 'torchvision'), junk)),
            labels: maybe(fc.oneof(fc.array(fc.string(), { maxLength: 12 }), junk)),
            description: maybe(junk),
            force: maybe(fc.oneof(fc.boolean(), junk)),
          },
          { requiredKeys: ['id'] },
        ),
        async (input) => {
          assertCoded(
            await gql(
              server.fetch,
              'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }',
              { input },
            ),
          );
        },
      ),
      RUNS,
    );
  });

  it('uploads: random model files, zips with hostile entry names, random images', async () => {
    const entryName = fc.oneof(
      fc.constantFrom('model.json', 'm/model.json', '../model.json', '/abs/model.json', 'a/../../x', 'w.bin'),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    const upload = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc
        .dictionary(entryName, fc.uint8Array({ maxLength: 256 }), { minKeys: 1, maxKeys: 4 })
        .map((files) => zipSync(files)),
    );
    await fc.assert(
      fc.asyncProperty(upload, fc.boolean(), async (bytes, asImage) => {
        const blob = new Blob([new Uint8Array(bytes)]);
        const response = asImage
          ? await gqlUpload(
              server.fetch,
              'mutation($i: ExplainInput!) { explain(input: $i) { id } }',
              { i: { model: TINY_MODEL_ID, method: 'OCCLUSION', image: null } },
              { 'i.image': blob },
            )
          : await gqlUpload(
              server.fetch,
              'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
              { i: { id: 'fuzzed', file: null } },
              { 'i.file': blob },
            );
        assertCoded(response);
      }),
      { numRuns: 80, seed: 42 },
    );
  });
});
