import { SnowblindError } from '@snowblind/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, TINY_MODEL_ID } from '../test/helpers.js';
import { testServer } from '../test/test-server.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { ExplainEvent } from './jobs/job-types.js';
import type { SnowblindServer } from './server.js';

interface Progress {
  status: string;
  done: number;
  total: number;
  elapsedSeconds: number | null;
  etaSeconds: number | null;
}

const EXPLAIN = `mutation($input: ExplainInput!) { explain(input: $input) { id } }`;
const input = (params: Record<string, number> = {}) => ({
  model: TINY_MODEL_ID,
  method: 'INTEGRATED_GRADIENTS',
  noise: { spec: { kind: 'seed-wrap', seed: 0 }, index: 1 },
  params,
});

/** The `attributionProgress` stream of one explanation, read event by event. */
async function progressStream(server: SnowblindServer, id: string) {
  const response = await server.fetch(
    new Request('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription($id: ID!) { attributionProgress(id: $id) { status done total elapsedSeconds etaSeconds } }`,
        variables: { id },
      }),
    }),
  );
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  /** The next event, or null once the stream ended. */
  return async function next(): Promise<Progress | null> {
    for (;;) {
      const match = /^data: (.*)$/m.exec(buffered);
      if (match) {
        buffered = buffered.slice(match.index + match[0].length);
        return JSON.parse(match[1]!).data.attributionProgress as Progress;
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffered += value;
    }
  };
}

/** A queue whose one explain job the test drives: it emits the events and ends the job. */
function scriptedQueue() {
  let emit!: (event: ExplainEvent) => void;
  let finish!: (ok: boolean) => void;
  const queue: JobQueue = {
    submit: (job, onEvent) => {
      if (job.kind !== 'explain') throw new Error('only explain jobs');
      emit = onEvent as (event: ExplainEvent) => void;
      const result = new Promise<never>((resolve, reject) => {
        finish = (ok) =>
          ok
            ? resolve({
                target: 0,
                targetLabel: 'a',
                score: 1,
                heatmap: '',
                blended: '',
                original: '',
                delta: null,
              } as never)
            : reject(new SnowblindError('CANCELLED', 'cancelled'));
      });
      result.catch(() => undefined);
      return { result, cancel: () => finish(false) };
    },
    close: async () => {},
  };
  return { queue, emit: (e: ExplainEvent) => emit(e), finish: (ok: boolean) => finish(ok) };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('attributionProgress: elapsed time and ETA', () => {
  const script = scriptedQueue();
  let server: SnowblindServer;
  beforeAll(async () => {
    server = await testServer({ queue: script.queue });
  });
  afterAll(() => server.close());

  it('counts from the job start (not the queue), has an ETA once a unit is done, and ends with the whole time', async () => {
    const r = await gql(server.fetch, EXPLAIN, { input: input({ nSteps: 200 }) });
    expect(r.errors).toBeUndefined();
    const next = await progressStream(server, r.data!.explain.id);
    const queuedFrom = performance.now();
    expect(await next()).toEqual({
      status: 'QUEUED',
      done: 0,
      total: 0,
      elapsedSeconds: null,
      etaSeconds: null,
    });
    await pause(300);
    const queuedSeconds = (performance.now() - queuedFrom) / 1000;
    script.emit({ type: 'started' });
    const started = (await next())!;
    expect(started).toMatchObject({ status: 'RUNNING', done: 0, total: 0, etaSeconds: null });
    // The clock starts at `started`: the time queued is not in it.
    expect(started.elapsedSeconds).toBeGreaterThanOrEqual(0);
    expect(started.elapsedSeconds).toBeLessThan(queuedSeconds);
    script.emit({ type: 'progress', done: 0, total: 200 });
    expect(await next()).toMatchObject({ status: 'RUNNING', done: 0, total: 200, etaSeconds: null });
    const seen: Progress[] = [];
    for (const done of [50, 100, 150]) {
      await pause(20);
      script.emit({ type: 'progress', done, total: 200 });
      seen.push((await next())!);
    }
    expect(seen.map((p) => p.done)).toEqual([50, 100, 150]);
    for (const [i, p] of seen.entries()) {
      expect(p.etaSeconds).toBeGreaterThan(0);
      expect(p.elapsedSeconds).toBeGreaterThan(
        i === 0 ? started.elapsedSeconds! : seen[i - 1]!.elapsedSeconds!,
      );
    }
    script.finish(true);
    const last = (await next())!;
    expect(last).toMatchObject({ status: 'SUCCEEDED', done: 200, total: 200, etaSeconds: null });
    expect(last.elapsedSeconds).toBeGreaterThanOrEqual(seen[2]!.elapsedSeconds!);
    expect(await next()).toBeNull();
  });

  it('a late subscriber gets where the job stands, with its elapsed time', async () => {
    const r = await gql(server.fetch, EXPLAIN, { input: input({ nSteps: 10 }) });
    script.emit({ type: 'started' });
    script.emit({ type: 'progress', done: 0, total: 10 });
    await pause(20);
    script.emit({ type: 'progress', done: 4, total: 10 });
    const next = await progressStream(server, r.data!.explain.id);
    const now = (await next())!;
    expect(now).toMatchObject({ status: 'RUNNING', done: 4, total: 10 });
    expect(now.elapsedSeconds).toBeGreaterThan(0);
    expect(now.etaSeconds).toBeGreaterThan(0);
    script.finish(false);
    expect(await next()).toMatchObject({ status: 'CANCELLED', done: 4, total: 10, etaSeconds: null });
  });
});

describe('attributionProgress from a real run', () => {
  let server: SnowblindServer;
  beforeAll(async () => {
    server = await testServer({ concurrency: 1 });
  });
  afterAll(() => server.close());

  it('IG reports its steps in 10 batches, done rising to total, with elapsed time', async () => {
    const r = await gql(server.fetch, EXPLAIN, { input: input({ nSteps: 200 }) });
    const next = await progressStream(server, r.data!.explain.id);
    const events: Progress[] = [];
    for (let e = await next(); e; e = await next()) events.push(e);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ status: 'SUCCEEDED', done: 200, total: 200, etaSeconds: null });
    expect(last.elapsedSeconds).toBeGreaterThan(0);
    const steps = events.filter((e) => e.total === 200).map((e) => e.done);
    // Each event is one of the 10 gradient calls of 20 steps (a late subscriber misses the first).
    for (const done of steps) expect(done % 20).toBe(0);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });
});
