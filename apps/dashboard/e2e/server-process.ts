import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** A server in its own process (`server-child.ts`) and the URL of its `/graphql`. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Start a server process on `port` (0: a free one) over `dataDir` and wait until it listens.
 * Its stderr goes to the test's.
 */
export async function spawnServer(dataDir: string, modelsRoot: string, port = 0): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', CHILD, dataDir, modelsRoot, String(port)],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = (async () => {
    for await (const line of lines) {
      const match = /^ready (\S+)$/.exec(line);
      if (match) return match[1]!;
    }
    return null;
  })();
  const exited = once(child, 'exit').then(() => null);
  const url = await Promise.race([ready, exited]);
  if (url === null)
    throw new Error(`the server process ended (${child.exitCode ?? child.signalCode}) before it listened`);
  child.stdout!.resume(); // keep draining once the line reader is done
  return { child, url };
}

/** Send `signal` and, unless it only freezes the process (SIGSTOP), wait for it to exit. */
export async function signalServer(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = signal === 'SIGSTOP' || signal === 'SIGCONT' ? null : once(child, 'exit');
  child.kill(signal);
  await exited;
}
