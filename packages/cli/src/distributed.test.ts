import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AuditResult, loadModel, ModelRegistry, runAudit, toReport } from '@snowblind/core';
import { connectRedis, resolveShardModel, runDistributedAudit } from '@snowblind/distributed';
import { freePort, REDIS, redisMissing, startRedis, type TestRedis } from '@snowblind/distributed/testing';
import { missingTestDependency } from '@snowblind/test-utils';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserError, tempHome } from '../test/run-cli.js';
import { workerCommand } from './commands/worker.js';
import { reportError } from './errors.js';
import { memoryIo } from './io.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const HAS_REDIS = !missingTestDependency(REDIS, redisMissing());

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
const redises: TestRedis[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const redis of redises) await redis.stop();
});

/** A throwaway `redis-server` on a free loopback port (stopped after the file's tests). */
async function startRedisServer(): Promise<TestRedis> {
  const redis = (await startRedis())!;
  redises.push(redis);
  return redis;
}

/** tsx's loader by absolute URL, so a child can run the sources from any working folder. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** `snowblind <args>` as its own process (main from source) in `cwd`; `exit` resolves with its status. */
function spawnCli(args: readonly string[], cwd: string) {
  const code = `const { main } = await import(${JSON.stringify(here('./main.ts'))});
    process.exitCode = await main(${JSON.stringify(args)});`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', TSX, '--input-type=module', '-e', code],
    {
      cwd,
      env: { ...process.env, SNOWBLIND_HOME: tempHome(), CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
  });
  const exit = new Promise<number>((resolve) => child.once('exit', (status) => resolve(status ?? -1)));
  return { child, out, exit };
}

/** BullMQ's keys of the shard queue. */
const WAITING = 'snowblind:snowblind-shards:wait';
const jobKey = (id: string) => `snowblind:snowblind-shards:${id}`;

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
      const { url: redis } = await startRedisServer();
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

  it.skipIf(!HAS_REDIS)(
    '`audit --redis` with no live worker says so once, with how to start one; Ctrl-C then removes every queued shard and marks the audit cancelled',
    async () => {
      const { url } = await startRedisServer();
      const redis = await connectRedis(url);
      try {
        const audit = spawnCli(
          [
            'audit',
            '--redis',
            url,
            '-m',
            'fmnist-cnn',
            '-n',
            '300',
            '--shard-size',
            '50',
            '--worker-notice',
            '1',
          ],
          tempHome(),
        );
        await until(() => audit.out.stderr.includes('no worker is connected'), 'the notice');
        expect(audit.out.stderr).toContain(`start one with \`snowblind worker --redis ${url}\``);
        const queued = await redis.lrange(WAITING, 0, -1);
        expect(queued).toHaveLength(5); // 300 images in shards of 64 (50 rounded up to the batch)
        const { auditId } = JSON.parse((await redis.hget(jobKey(queued[0]!), 'data'))!) as {
          auditId: string;
        };

        audit.child.kill('SIGINT');
        const run = { code: await audit.exit, stdout: audit.out.stdout, stderr: audit.out.stderr };
        expectUserError(run, 'CANCELLED');
        expect(run.stderr).toContain('5 queued shards removed');
        expect(run.stderr.match(/no worker is connected/g)).toHaveLength(1);
        expect(await redis.llen(WAITING)).toBe(0);
        expect(await redis.exists(`snowblind:cancel:${auditId}`)).toBe(1);
      } finally {
        redis.disconnect();
      }
    },
    60_000,
  );

  it.skipIf(!HAS_REDIS)(
    '`audit --redis -m <id>` sends the registry id with its model hash, even when a file of that name is in the current folder',
    async () => {
      const { url } = await startRedisServer();
      const redis = await connectRedis(url);
      const cwd = tempHome();
      writeFileSync(join(cwd, 'fmnist-cnn'), 'not a model');
      try {
        const audit = spawnCli(['audit', '--redis', url, '-m', 'fmnist-cnn', '-n', '10', '-q'], cwd);
        let queued: string[] = [];
        const poll = setInterval(() => void redis.lrange(WAITING, 0, -1).then((q) => (queued = q)), 50);
        await until(() => queued.length > 0 || audit.child.exitCode !== null, 'a queued shard').finally(() =>
          clearInterval(poll),
        );
        expect(audit.out.stderr).toBe('');
        const shard = JSON.parse((await redis.hget(jobKey(queued[0]!), 'data'))!) as Record<string, unknown>;
        const expected = await resolveShardModel(
          'fmnist-cnn',
          await ModelRegistry.open({ home: tempHome() }),
        );
        expect(shard).toMatchObject({ model: 'fmnist-cnn', modelSha256: expected.sha256 });
        audit.child.kill('SIGINT');
        expect(await audit.exit).toBe(2);
      } finally {
        redis.disconnect();
      }
    },
    60_000,
  );

  it.skipIf(!HAS_REDIS)(
    '`audit --redis` whose Redis goes away fails REDIS_UNAVAILABLE (exit 2, a hint) once --redis-timeout has passed',
    async () => {
      const server = await startRedisServer();
      const redis = await connectRedis(server.url);
      const audit = spawnCli(
        ['audit', '--redis', server.url, '-m', 'fmnist-cnn', '-n', '100', '--redis-timeout', '2', '-q'],
        tempHome(),
      );
      let waiting = 0;
      const poll = setInterval(
        () =>
          void redis.llen(WAITING).then(
            (n) => (waiting = n),
            () => undefined,
          ),
        50,
      );
      await until(() => waiting > 0, 'queued shards').finally(() => clearInterval(poll));
      redis.disconnect();
      await server.stop();
      const run = { code: await audit.exit, stdout: audit.out.stdout, stderr: audit.out.stderr };
      expectUserError(run, 'REDIS_UNAVAILABLE');
      expect(run.stderr).toContain(`lost the connection to Redis at ${server.url}`);
    },
    60_000,
  );

  it.skipIf(!HAS_REDIS)(
    '`audit --redis` with no --model runs the default audit on the workers: each group at its own noise size, the same report as in-process',
    async () => {
      const { url } = await startRedisServer();
      const worker = spawnCliWorker(url, 3000);
      children.push(worker.child);
      await until(() => worker.stdout.join('').includes('waiting for shards'), 'the worker');
      const args = ['audit', '-n', '12', '--json', '-q'];
      const remote = spawnCli([...args, '--redis', url], tempHome());
      const local = spawnCli(args, tempHome());
      expect([await remote.exit, await local.exit]).toEqual([0, 0]);
      const runs = (out: string) =>
        (JSON.parse(out) as { runs: { timings: unknown }[] }).runs.map(({ timings: _t, ...run }) => run);
      const distributed = runs(remote.out.stdout);
      expect(distributed.map((r) => (r as { noise: { width: number } }).noise.width)).toEqual([
        256, 28, 28, 28, 28,
      ]);
      expect(distributed).toEqual(runs(local.out.stdout));
    },
    120_000,
  );
});
