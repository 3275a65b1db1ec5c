/**
 * Flood run of the request limits (not a test): for each attack of issue 19
 * (`@snowblind/server/testing`, from `packages/server/test/attacks.ts`), N requests at concurrency C over loopback to a server in
 * its own process. Prints, per attack, the time to refuse one request alone (median of 20),
 * then under the flood: how many were refused with the expected code, the time to refuse
 * (p50 / p99 / max, queueing included), requests/s, the latency of a normal query sent
 * meanwhile, and the server's peak RSS during that flood (VmHWM, reset before each flood).
 *
 *   npx tsx --conditions=source tools/bench/query-flood.ts [requests=200] [concurrency=20]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { linearQuantile as quantile } from '@snowblind/core';
import { ATTACKS, query } from '@snowblind/server/testing';
import { noiseImagePath } from '../../packages/server/src/http/noise-images.js';
import { startServerProcess } from './lib/server-process.js';

const TOTAL = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 20);
const NORMAL = query('{ models { id format } }');

const server = await startServerProcess();
const url = server.url;

/** kB of a /proc/<pid>/status field of the server. */
function status(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 1 });
const origin = new URL(url).origin;

interface Answer {
  status: number;
  /** `errors[0].extensions.code` (GraphQL) or `error.code` (image routes); `png` for an image. */
  code: string | undefined;
  ms: number;
}

/** POST a JSON body to /graphql, or GET a path. */
function send(body: string | { get: string }): Promise<Answer> {
  const t0 = performance.now();
  const get = typeof body === 'object';
  return new Promise((resolve, reject) => {
    const req = request(
      get ? `${origin}${body.get}` : url,
      {
        method: get ? 'GET' : 'POST',
        agent,
        headers: get ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const status = res.statusCode ?? 0;
          if (res.headers['content-type'] === 'image/png') return resolve({ status, code: 'png', ms });
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            errors?: { extensions?: { code?: string } }[];
            error?: { code?: string };
          };
          resolve({ status, code: parsed.errors?.[0]?.extensions?.code ?? parsed.error?.code, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(get ? undefined : body);
  });
}

/** A flood: request `i` of it, and the code that counts as refused. */
interface Flood {
  readonly name: string;
  readonly bytes: number;
  readonly request: (i: number) => string | { get: string };
  readonly code: string;
}

const noise = (width: number, seed: number) =>
  noiseImagePath({ kind: 'uniform', seed, width, height: width }, 0);
const FLOODS: Flood[] = [
  ...ATTACKS.map((attack) => {
    const body = attack.body();
    return { name: attack.name, bytes: body.length, request: () => body, code: attack.code };
  }),
  { name: 'GET a 4096² noise image', bytes: 0, request: (i) => ({ get: noise(4096, i) }), code: 'BAD_INPUT' },
  {
    name: 'GET distinct 1024² noise images (rendered or BUSY)',
    bytes: 0,
    request: (i) => ({ get: noise(1024, 1000 + i) }),
    code: 'BUSY',
  },
];

for (let i = 0; i < 50; i++) await send(NORMAL); // warm-up: JIT, parser cache
const idleRss = status('VmRSS');
const rows: string[] = [];
const raw: Record<string, unknown>[] = [];
for (const [k, attack] of FLOODS.entries()) {
  const alone: number[] = [];
  // Distinct requests for the image floods: nothing is served from the cache.
  for (let i = 0; i < 20; i++) alone.push((await send(attack.request(100_000 + k * 100 + i))).ms);
  alone.sort((a, b) => a - b);
  writeFileSync(`/proc/${server.pid}/clear_refs`, '5'); // reset the peak RSS
  const times: number[] = [];
  let refused = 0;
  let next = 0;
  let flooding = true;
  const normal: number[] = [];
  const probe = (async () => {
    while (flooding) {
      normal.push((await send(NORMAL)).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        const r = await send(attack.request(next++));
        times.push(r.ms);
        if (r.status < 500 && r.code === attack.code) refused++;
      }
    }),
  );
  const perSecond = (TOTAL / (performance.now() - wall)) * 1000;
  flooding = false;
  await probe;
  times.sort((a, b) => a - b);
  normal.sort((a, b) => a - b);
  const peak = status('VmHWM');
  raw.push({
    attack: attack.name,
    bytes: attack.bytes,
    alone,
    perSecond,
    refused,
    total: TOTAL,
    times,
    normal,
    peakRssKb: peak,
  });
  rows.push(
    `| ${attack.name} | ${(attack.bytes / 1024).toFixed(0)} KiB | ${quantile(alone, 0.5).toFixed(1)} | ${refused}/${TOTAL} ${attack.code} | ${quantile(times, 0.5).toFixed(1)} / ${quantile(times, 0.99).toFixed(1)} / ${times.at(-1)!.toFixed(1)} | ${perSecond.toFixed(0)} | ${quantile(normal, 0.5).toFixed(1)} / ${normal.at(-1)!.toFixed(1)} | ${(peak / 1024).toFixed(0)} MiB |`,
  );
}
console.log(
  `${TOTAL} requests per attack at concurrency ${CONCURRENCY}; server idle RSS ${(idleRss / 1024).toFixed(0)} MiB`,
);
console.log(
  '| attack | body | alone ms | refused | flood ms p50 / p99 / max | req/s | normal query meanwhile ms p50 / max | peak RSS |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
if (process.env['FLOOD_JSON'])
  writeFileSync(process.env['FLOOD_JSON'], JSON.stringify({ idleRss, raw }, null, 2));
agent.destroy();
await server.close();
