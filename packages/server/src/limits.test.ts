import { getIntrospectionQuery, type OperationDefinitionNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditQueries from '../../../apps/dashboard/src/graphql/audits.js';
import * as explainQueries from '../../../apps/dashboard/src/graphql/explain.js';
import * as modelQueries from '../../../apps/dashboard/src/graphql/models.js';
import * as sampleQueries from '../../../apps/dashboard/src/graphql/samples.js';
import { ATTACKS, aliased, query } from '../test/attacks.js';
import { codes, gql } from '../test/helpers.js';
import { testServer, testSocketServer } from '../test/test-server.js';
import { QUERY_LIMITS } from './builder.js';
import { bracketNesting } from './http/query-limits.js';
import type { RunningServer, SnowblindServer } from './server.js';

interface Answer {
  status: number;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(
  fetch: (r: Request) => Promise<Response>,
  url: string,
  body: BodyInit,
  headers = {},
): Promise<Answer> {
  const response = await fetch(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      // @ts-expect-error Node's fetch needs `duplex` for a stream body
      duplex: 'half',
    }),
  );
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/** A refusal: the code, no data, a short answer without a stack trace. */
function expectRefused(answer: Answer, code: string): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(answer.body.data).toBeUndefined();
  expect(answer.text.length).toBeLessThan(1000);
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|RangeError/);
}

let server: SnowblindServer;
beforeAll(async () => {
  server = await testServer({ dashboardDir: null });
});
afterAll(async () => {
  await server.close();
});

describe('query limits (in-process)', () => {
  it.each(ATTACKS)('refuses $name', async ({ body, code }) => {
    expectRefused(await send(server.fetch, 'http://127.0.0.1/graphql', body()), code);
  });

  it('refuses a chunked body without Content-Length as soon as it passes the limit', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(
      `{"query":"{ models { id } }","variables":{"pad":"${'x'.repeat(64 * 1024)}`,
    );
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless body: only the limit ends it.
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    expectRefused(await send(server.fetch, 'http://127.0.0.1/graphql', body), 'PAYLOAD_TOO_LARGE');
    expect(sent).toBeLessThan(QUERY_LIMITS.bodyBytes * 2);
  });

  it('answers 400 to a refused query under Accept: application/graphql-response+json', async () => {
    const answer = await send(server.fetch, 'http://127.0.0.1/graphql', query(aliased(3000, '__typename')), {
      accept: 'application/graphql-response+json',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('names the limit that was hit', async () => {
    const answer = await send(server.fetch, 'http://127.0.0.1/graphql', query(aliased(16, '__typename')));
    expect(answer.body.errors?.[0]?.message).toBe('query refused: Aliases limit of 15 exceeded, found 16.');
  });

  it('still runs the standard introspection query and queries at the limits', async () => {
    const introspection = await gql(server.fetch, getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data?.__schema.queryType.name).toBe('Query');
    const fifteen = await gql(server.fetch, aliased(15, '__typename'));
    expect(fifteen.errors).toBeUndefined();
    expect(Object.keys(fifteen.data ?? {})).toHaveLength(15);
  });

  it('accepts every query and mutation of the dashboard', async () => {
    const documents = [auditQueries, explainQueries, modelQueries, sampleQueries].flatMap((module) =>
      Object.values(module).filter(
        (value): value is typeof auditQueries.AUDIT_QUERY =>
          typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'Document',
      ),
    );
    const operations = documents.filter(
      (doc) => (doc.definitions[0] as OperationDefinitionNode).operation !== 'subscription',
    );
    expect(operations.length).toBeGreaterThanOrEqual(10);
    for (const doc of operations) {
      // Missing variables or ids fail later (BAD_USER_INPUT, *_NOT_FOUND): the limits passed.
      const r = await gql(server.fetch, print(doc), { id: 'none', auditId: 'none', runIndex: 0, index: 0 });
      expect(codes(r)).not.toContain('QUERY_TOO_COMPLEX');
      expect(codes(r)).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
    for (const doc of documents)
      expect(bracketNesting(print(doc), QUERY_LIMITS.tokens)).toBeLessThanOrEqual(QUERY_LIMITS.nesting);
  });

  it('keeps multipart uploads out of the JSON body limit', async () => {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
        variables: { i: { id: 'big-upload', file: null } },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.i.file'] }));
    form.set('0', new Blob([new Uint8Array(2 * QUERY_LIMITS.bodyBytes)]), 'model.onnx');
    const response = await server.fetch(
      new Request('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'x-graphql-yoga-csrf': '1' },
        body: form,
      }),
    );
    const r = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    // Read in full and handed to the model loader, which finds no ONNX model in zeros.
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_MODEL']);
  });
});

describe('query limits on a real socket', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await testSocketServer({ dashboardDir: null });
  });
  afterAll(async () => {
    await running.close();
  });

  it.each(ATTACKS)('refuses $name', async ({ body, code }) => {
    expectRefused(await send(fetch, running.url, body()), code);
  });

  it('answers normal queries after the attacks', async () => {
    const r = await gql(
      (request) => fetch(request),
      '{ models { id } }',
      {},
      {},
      running.url.replace(/\/graphql$/, ''),
    );
    expect(r.data?.models).toEqual([{ id: 'tiny-fashion' }]);
  });
});
