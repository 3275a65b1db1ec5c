/**
 * Throughput of distributed audits (not a test): the same audit in-process (core's runAudit), then
 * on 1 and on 2 `snowblind worker` processes through BullMQ on a loopback redis-server. Prints
 * images/s, the speed-up of 2 workers over 1, and the load average (the machine is shared).
 *
 *   npx tsx --conditions=source tools/bench/distributed.ts [count] [shardSize]
 *
 * Environment: SNOWBLIND_NOISE_WORKERS is passed to every process (core's noise threads; unset =
 * auto, one per core). Workers are warmed up (model loaded) before the timed run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadModel, runAudit } from '@snowblind/core';
import { runDistributedAudit } from '@snowblind/distributed';
import { startRedis } from '@snowblind/distributed/testing';

const COUNT = Number(process.argv[2] ?? 1200);
const SHARD = Number(process.argv[3] ?? 100);
const MODEL = 'fmnist-cnn';
const NOISE = [{ kind: 'seed-wrap', seed: 0 }] as const;
const BATCH = 32;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function spawnWorker(redis: string): Promise<ChildProcess> {
  // Resolved from the repository root under the `source` condition: the package's TypeScript sources.
  const code = `const { startWorker } = await import('@snowblind/distributed');
    const w = await startWorker({ redis: ${JSON.stringify(redis)} });
    console.log('ready');
    process.on('SIGTERM', () => w.close().then(() => process.exit(0)));`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function distributed(redis: string, workers: number): Promise<number> {
  const children = await Promise.all(Array.from({ length: workers }, () => spawnWorker(redis)));
  try {
    // Warm-up: every worker loads the model (one shard each).
    await runDistributedAudit({
      redis,
      models: [MODEL],
      noise: NOISE,
      count: SHARD * workers,
      batchSize: BATCH,
      shardSize: SHARD,
    });
    const t0 = performance.now();
    await runDistributedAudit({
      redis,
      models: [MODEL],
      noise: NOISE,
      count: COUNT,
      batchSize: BATCH,
      shardSize: SHARD,
      startIndex: 10_000,
    });
    return (COUNT * 1000) / (performance.now() - t0);
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}

const redis = await startRedis();
if (!redis) throw new Error('redis-server is not installed (apt-get install redis-server)');
console.log(
  `fmnist-cnn, seed-wrap 256×256, ${COUNT} images, batch ${BATCH}, shards of ${SHARD}; SNOWBLIND_NOISE_WORKERS=${process.env['SNOWBLIND_NOISE_WORKERS'] ?? 'auto'}`,
);
try {
  const model = await loadModel(MODEL);
  await runAudit({ models: [model], noise: NOISE, count: BATCH, batchSize: BATCH });
  console.log(`load average before: ${load()}`);
  let t0 = performance.now();
  await runAudit({ models: [model], noise: NOISE, count: COUNT, batchSize: BATCH, startIndex: 10_000 });
  const inProcess = (COUNT * 1000) / (performance.now() - t0);
  await model.dispose();
  console.log(`in-process runAudit:   ${inProcess.toFixed(1)} images/s   (load ${load()})`);
  t0 = performance.now();
  const one = await distributed(redis.url, 1);
  console.log(`1 worker process:      ${one.toFixed(1)} images/s   (load ${load()})`);
  const two = await distributed(redis.url, 2);
  console.log(`2 worker processes:    ${two.toFixed(1)} images/s   (load ${load()})`);
  console.log(
    `speed-up 2 vs 1 workers: ${(two / one).toFixed(2)}×; 1 worker vs in-process: ${(one / inProcess).toFixed(2)}×`,
  );
} finally {
  await redis.stop();
}
