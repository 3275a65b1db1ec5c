import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, makeModelsRoot, tempDir, until } from '../test/helpers.js';

const CHILD = fileURLToPath(new URL('../test/serve-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];

/** Start a server process and resolve with its fetch function once it prints its URL. */
async function serve(
  dataDir: string,
  modelsRoot: string,
): Promise<{ child: ChildProcess; fetch: (r: Request) => Promise<Response>; base: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', CHILD, dataDir, modelsRoot],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)\/graphql/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  // A real socket on loopback, not yoga.fetch: requests go through the process boundary.
  const fetchOver = (request: Request) => {
    const target = new URL(request.url);
    return fetch(new Request(`${url}${target.pathname}${target.search}`, request));
  };
  return { child, fetch: fetchOver, base: url };
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill(signal);
    }
  });
}

afterAll(async () => {
  for (const child of children) await killed(child, 'SIGKILL');
});

const RESULTS = `status count progress { processed total }
  runs { describe { count mean std min p25 p50 p75 max } labelCounts(first: 100) { label count }
    maxLogit { count mean std min p25 p50 p75 max } energy { count mean std min p25 p50 p75 max }
    samples(offset: 0, limit: 1000) { index score label } }`;

describe('a real server process', () => {
  it('survives kill -9 mid-audit: finished batches stay, the audit resumes to the uninterrupted result, SSE streams progress to completion', async () => {
    const modelsRoot = await makeModelsRoot();
    const dataDir = tempDir();
    const input = {
      models: ['tiny-fashion'],
      noise: [{ kind: 'gaussian', seed: 11, width: 96, height: 96 }],
      count: 900,
      batchSize: 30,
      topK: 3,
    };
    const start = `mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }`;
    const audit = (f: (r: Request) => Promise<Response>, id: string) =>
      gql(f, `query($id: ID!) { audit(id: $id) { ${RESULTS} } }`, { id });

    const first = await serve(dataDir, modelsRoot);
    const id = (await gql(first.fetch, start, { input })).data!.startAudit.id as string;
    await until(
      () => gql(first.fetch, `query($id: ID!) { audit(id: $id) { progress { processed } } }`, { id }),
      (r) => r.data!.audit.progress.processed >= 90,
    );
    await killed(first.child, 'SIGKILL');

    const second = await serve(dataDir, modelsRoot);
    const after = await audit(second.fetch, id);
    const kept = after.data!.audit.progress.processed as number;
    expect(after.data!.audit.status).toBe('INTERRUPTED');
    expect(kept).toBeGreaterThanOrEqual(90);
    expect(kept).toBeLessThan(900);
    expect(kept % 30).toBe(0);
    // Every committed batch is there, nothing past the last one.
    expect(after.data!.audit.runs[0].samples.map((s: { index: number }) => s.index)).toEqual(
      Array.from({ length: kept }, (_, i) => i),
    );

    const resumed = await gql(second.fetch, 'mutation($id: ID!) { resumeAudit(id: $id) { status } }', { id });
    expect(resumed.data!.resumeAudit.status).toBe('QUEUED');
    const done = await until(
      () => audit(second.fetch, id),
      (r) => r.data!.audit.status !== 'QUEUED' && r.data!.audit.status !== 'RUNNING',
    );
    expect(done.data!.audit.status).toBe('SUCCEEDED');

    // The uninterrupted run, followed live over SSE on the socket until it completes.
    const refId = (await gql(second.fetch, start, { input })).data!.startAudit.id as string;
    const stream = await fetch(`${second.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query:
          'subscription($id: ID!) { auditProgress(id: $id) { status processed total imagesPerSecond runs { processed meanScore topLabel } } }',
        variables: { id: refId },
      }),
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events: { status: string; processed: number; total: number }[] = [];
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const chunk of stream.body!) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block.split('\n').find((l) => l.startsWith('data:'));
        if (data && block.startsWith('event: next'))
          events.push(JSON.parse(data.slice(5)).data.auditProgress);
        cut = buffer.indexOf('\n\n');
      }
    }
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', processed: 900, total: 900 });
    const reference = await audit(second.fetch, refId);

    const a = done.data!.audit.runs[0];
    const b = reference.data!.audit.runs[0];
    expect(a.describe).toEqual(b.describe);
    expect(a.labelCounts).toEqual(b.labelCounts);
    expect(a.maxLogit).toEqual(b.maxLogit);
    expect(a.energy).toEqual(b.energy);
    expect(a.samples).toEqual(b.samples);
    await killed(second.child, 'SIGTERM');
  }, 120_000);
});
