/**
 * Load run for the GraphQL API (not a test): 1,000 concurrent mixed queries over loopback while
 * an audit runs in the worker pool. Prints p50/p99 latency and the error count.
 *
 *   npx tsx --conditions=source tools/bench/graphql-load.ts [concurrentQueries]
 *
 * The server runs in its own process (as `snowblind serve` would), so client work does not
 * share its event loop; both share the machine's cores with the audit worker.
 */
import { Agent, request } from 'node:http';
import { linearQuantile as quantile } from '@snowblind/core';
import { startServerProcess } from './lib/server-process.js';

const TOTAL = Number(process.argv[2] ?? 1000);

const server = await startServerProcess();
// node:http with a keep-alive pool: undici's fetch opens a socket per in-flight request and
// spends more time in the client than the server does answering.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
// biome-ignore lint/suspicious/noExplicitAny: the bench reads a few known response paths
function post(query: string, variables: Record<string, unknown> = {}): Promise<{ ok: boolean; body: any }> {
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      server.url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const body = JSON.parse(text);
          resolve({ ok: res.statusCode === 200 && !body.errors, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const started = await post(
  'mutation { startAudit(input: { models: ["tiny-fashion"], noise: [{ kind: "seed-wrap", seed: 0, width: 128, height: 128 }], count: 1000000, batchSize: 64 }) { id } }',
);
const id = started.body.data.startAudit.id as string;
// Let the audit get going, so every query below races live batch commits.
while (
  ((await post(`{ audit(id: "${id}") { progress { processed } } }`)).body.data.audit.progress
    .processed as number) < 640
) {
  await new Promise((r) => setTimeout(r, 100));
}

const mix: [string, Record<string, unknown>][] = [
  ['{ models { id format labels preset { name } } }', {}],
  ['{ noiseKinds { kind params { name default min max } } }', {}],
  ['{ audits(first: 10) { edges { node { id status progress { processed total imagesPerSecond } } } } }', {}],
  [
    'query($id: ID!) { audit(id: $id) { status progress { processed fraction runs { meanScore topLabel } } } }',
    { id },
  ],
  [
    'query($id: ID!) { audit(id: $id) { runs { describe { mean std max } labelCounts(first: 5) { label count } } } }',
    { id },
  ],
  [
    'query($id: ID!) { audit(id: $id) { runs { samples(offset: 100, limit: 20) { index score label imageUrl } } } }',
    { id },
  ],
];

const latencies: number[] = [];
const byKind: number[][] = mix.map(() => []);
let errors = 0;
const wall = performance.now();
await Promise.all(
  Array.from({ length: TOTAL }, async (_, i) => {
    const [query, variables] = mix[i % mix.length]!;
    const t0 = performance.now();
    try {
      const { ok } = await post(query, variables);
      if (!ok) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
    byKind[i % mix.length]!.push(performance.now() - t0);
  }),
);
const wallMs = performance.now() - wall;
const progress = (await post(`{ audit(id: "${id}") { progress { processed imagesPerSecond } } }`)).body.data
  .audit.progress;
await post(`mutation { cancelAudit(id: "${id}") { id } }`);
latencies.sort((a, b) => a - b);
console.log(`queries: ${TOTAL} concurrent (${mix.length} kinds, round robin) while an audit ran`);
console.log(
  `latency ms: p50 ${quantile(latencies, 0.5).toFixed(1)}  p99 ${quantile(latencies, 0.99).toFixed(1)}  max ${latencies.at(-1)!.toFixed(1)}`,
);
for (const [k, list] of byKind.entries()) {
  list.sort((a, b) => a - b);
  console.log(`  ${mix[k]![0].slice(0, 60).padEnd(60)} p50 ${quantile(list, 0.5).toFixed(1)} ms`);
}
console.log(
  `errors: ${errors}  wall: ${wallMs.toFixed(0)} ms  (${((TOTAL / wallMs) * 1000).toFixed(0)} queries/s)`,
);
console.log(
  `audit meanwhile: ${progress.processed} images committed, ${progress.imagesPerSecond.toFixed(0)} images/s`,
);
agent.destroy();
await server.close();
