import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { createServer, type SnowblindServer } from './server.js';

let server: SnowblindServer;

beforeAll(async () => {
  server = createServer({
    dataDir: tempDir(),
    modelsRoot: await makeModelsRoot(),
    concurrency: 1,
    token: null,
  });
});

afterAll(async () => {
  await server.close();
});

interface Event {
  auditId: string;
  status: string;
  processed: number;
}

/** Read `auditsChanged` events over SSE until `done` holds, then hang up. */
async function readEvents(response: Response, done: (events: Event[]) => boolean): Promise<Event[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Event[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('data:') && line.includes('auditsChanged'))
        events.push(JSON.parse(line.slice(5)).data.auditsChanged);
  }
  await reader.cancel();
  return events;
}

describe('auditsChanged', () => {
  it('streams every audit: queued, each batch, and the end, for two audits on one stream', async () => {
    const response = await server.fetch(
      new Request('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { auditsChanged { auditId status processed } }' }),
      }),
    );
    expect(response.status).toBe(200);
    const ids: string[] = [];
    for (const seed of [1, 2]) {
      const r = await gql(
        server.fetch,
        `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`,
        { input: { models: [TINY_MODEL_ID], noise: [{ kind: 'uniform', seed }], count: 40, batchSize: 20 } },
      );
      ids.push(r.data!.startAudit.id);
    }
    const finished = (events: Event[]) =>
      ids.every((id) => events.some((e) => e.auditId === id && e.status === 'SUCCEEDED'));
    const events = await readEvents(response, finished);
    expect(finished(events)).toBe(true);
    for (const id of ids) {
      const mine = events.filter((e) => e.auditId === id);
      // The first event is the queued audit, the last the finished one; batches in order between.
      expect(mine[0]).toMatchObject({ processed: 0 });
      expect(['QUEUED', 'RUNNING']).toContain(mine[0]!.status);
      expect(mine.at(-1)).toEqual({ auditId: id, status: 'SUCCEEDED', processed: 40 });
      const processed = mine.map((e) => e.processed);
      expect([...processed].sort((a, b) => a - b)).toEqual(processed);
      expect(processed).toContain(20);
    }
  }, 60_000);
});
