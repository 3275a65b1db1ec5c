/**
 * A snowblind server in its own process (as `snowblind serve` would run), so that the bench's
 * client work does not share the server's event loop.
 */
import { spawn } from 'node:child_process';
import { makeModelsRoot, SERVE_CHILD, tempDir } from '@snowblind/server/testing';

/** A running server process. */
export interface ServerProcess {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  /** The server's process id (for `/proc/<pid>/…`). */
  readonly pid: number;
  /** Stops the server (SIGTERM) and resolves once it has exited. */
  close(): Promise<void>;
}

/**
 * Starts `packages/server/test/serve-child.ts` on a fresh data folder with the test models root
 * (the tiny Fashion-MNIST model) and resolves once it prints its URL.
 */
export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', SERVE_CHILD, tempDir(), await makeModelsRoot()],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
  });
  return {
    url,
    pid: child.pid!,
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
