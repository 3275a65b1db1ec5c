import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type AuditResult, loadModel, runAudit, toReport } from '@snowblind/core';
import { runDistributedAudit } from '@snowblind/server';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserError, tempHome } from '../test/run-cli.js';
import { workerCommand } from './commands/worker.js';
import { reportError } from './errors.js';
import { memoryIo } from './io.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const HAS_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (!HAS_REDIS)
  console.warn(
    'skipping `snowblind worker` runs: redis-server is not installed (apt-get install redis-server)',
  );

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `snowblind worker <args>` in-process, through a commander program as main.ts builds it. */
async function runWorker(args: readonly string[]) {
  const io = memoryIo({ SNOWBLIND_HOME: tempHome(), CI: 'true' });
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    outputError: (text: string, write: (t: string) => void) =>
      write(`snowblind: error [BAD_INPUT]: ${text.replace(/^error: /, '')}  hint: see --help\n`),
  };
  const worker = workerCommand(io).exitOverride().configureOutput(output);
  const program = new Command('snowblind').exitOverride().configureOutput(output).addCommand(worker);
  let code = 0;
  try {
    await program.parseAsync(['worker', ...args], { from: 'user' });
  } catch (error) {
    code = reportError(error, io);
  }
  return { code, stdout: io.out(), stderr: io.err() };
}

/** `snowblind worker` as its own process (the command, run through tsx from source). */
function spawnCliWorker(
  redis: string,
  lockMs: number,
): { child: ChildProcess; stdout: string[]; stderr: string[] } {
  const code = `
    const { workerCommand } = await import(${JSON.stringify(here('./commands/worker.ts'))});
    const { processIo } = await import(${JSON.stringify(here('./io.ts'))});
    const { reportError } = await import(${JSON.stringify(here('./errors.ts'))});
    try {
      await workerCommand(processIo()).exitOverride().parseAsync(['--lock-ms', '${lockMs}'], { from: 'user' });
      process.exit(0);
    } catch (error) {
      process.exit(reportError(error, processIo()));
    }`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: REPO, env: { ...process.env, SNOWBLIND_REDIS: redis }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { child, stdout, stderr };
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A report without what differs between runs by nature (clock, timings). */
function comparable(result: AuditResult) {
  const report = toReport(result) as unknown as Record<string, unknown> & { runs: Record<string, unknown>[] };
  const { startedAt: _s, finishedAt: _f, ...rest } = report;
  return { ...rest, runs: report.runs.map(({ timings: _t, ...run }) => run) };
}

const children: ChildProcess[] = [];
let redisServer: ChildProcess | undefined;
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  redisServer?.kill('SIGTERM');
});

describe('snowblind worker', () => {
  it('fails fast with REDIS_UNAVAILABLE and a hint when Redis cannot be reached', async () => {
    const run = await runWorker(['--redis', `redis://127.0.0.1:${await freePort()}`]);
    expectUserError(run, 'REDIS_UNAVAILABLE');
    expect(run.stderr).toContain('redis-server');
  });

  it('rejects a bad --concurrency before connecting', async () => {
    expectUserError(await runWorker(['--redis', 'redis://127.0.0.1:1', '--concurrency', '0']), 'BAD_INPUT');
  });

  it.skipIf(!HAS_REDIS)(
    'two worker processes run an audit (`audit --redis`): a worker frozen mid-shard finishes it late and it still counts once; the report equals the in-process one',
    async () => {
      const port = await freePort();
      redisServer = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          tempHome(),
        ],
        {
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      await new Promise<void>((resolve) => {
        let out = '';
        redisServer!.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Ready to accept connections')) resolve();
        });
      });
      const redis = `redis://127.0.0.1:${port}`;
      const workers = [spawnCliWorker(redis, 3000), spawnCliWorker(redis, 3000)];
      children.push(...workers.map((w) => w.child));
      await until(() => workers.every((w) => w.stdout.join('').includes('waiting for shards')), 'workers');

      const options = {
        noise: [{ kind: 'seed-wrap', seed: 11 }],
        count: 200,
        batchSize: 10,
        topK: 5,
        keepSamples: true,
      } as const;
      const progress: number[] = [];
      const frozen = workers[0]!;
      const distributed = runDistributedAudit({
        redis,
        models: ['fmnist-cnn'],
        ...options,
        shardSize: 40,
        onProgress: (p) => progress.push(p.processed),
      });
      // Freeze the first worker right after its first shard: it has taken its next one.
      await until(() => frozen.stderr.join('').includes('images/s)'), 'a finished shard');
      frozen.child.kill('SIGSTOP');
      const result = await distributed;
      // Thawed, it finishes its shard after the audit merged it from the other worker.
      frozen.child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 1500));
      expect(frozen.child.exitCode).toBeNull();
      // Some shard was finished twice (the frozen one, or one whose lock lapsed), yet counted once.
      const finished = workers.flatMap((w) =>
        [...w.stderr.join('').matchAll(/^shard (\S+): /gm)].map((m) => m[1]),
      );
      expect(finished.length).toBeGreaterThan(new Set(finished).size);

      expect(progress.at(-1)).toBe(200);
      expect(Math.max(...progress)).toBe(200);
      const model = await loadModel('fmnist-cnn');
      try {
        const reference = await runAudit({ models: [model], ...options });
        expect(result.runs[0]!.samples).toHaveLength(200);
        expect(comparable(result)).toEqual(comparable(reference));
      } finally {
        await model.dispose();
      }
      for (const w of workers) w.child.kill('SIGTERM');
      await until(() => workers.every((w) => w.child.exitCode !== null), 'workers to stop');
      expect(workers.map((w) => w.child.exitCode)).toEqual([0, 0]);
    },
    180_000,
  );
});
