import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSocketServer } from '../../test/test-server.js';
import type { RunningServer } from '../server.js';

const SUBSCRIBE = JSON.stringify({ query: 'subscription { auditsChanged { auditId } }' });

/** Opens a live subscription; resolves once its response headers arrived. */
function subscribe(url: string, signal: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: SUBSCRIBE,
    signal,
  });
}

describe('live subscriptions on a listening server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await testSocketServer({ maxEventStreams: 2 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps at most maxEventStreams open, refuses more with BUSY, and frees a slot when one closes', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const open = [await subscribe(server.url, first.signal), await subscribe(server.url, second.signal)];
    expect(open.map((r) => r.status)).toEqual([200, 200]);

    const refused = await subscribe(server.url, new AbortController().signal);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BUSY');
    // Ordinary queries are not counted.
    const query = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(query.status).toBe(200);

    first.abort();
    let again: Response | undefined;
    for (let attempt = 0; attempt < 50 && again?.status !== 200; attempt++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await subscribe(server.url, second.signal);
    }
    expect(again!.status).toBe(200);
    second.abort();
  });
});
