/**
 * Test helper: a throwaway `redis-server` on a free loopback port with a temp dir (no
 * persistence). Returns null when `redis-server` is not installed, so tests can skip.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** True when a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** What {@link redisMissing} is about, as skip and failure messages name it. */
export const REDIS = 'Redis (redis-server)';

/** Why tests that need Redis cannot run here, or undefined when `redis-server` is on the PATH. */
export function redisMissing(): string | undefined {
  return hasRedisServer() ? undefined : 'redis-server is not installed (apt-get install redis-server)';
}

/** A port nothing listens on right now (also what tests use as an unreachable Redis). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throwaway Redis; on `port` when given (e.g. to restart one a test stopped). */
export async function startRedis(port?: number): Promise<TestRedis | null> {
  if (!hasRedisServer()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-redis-'));
  port ??= await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
