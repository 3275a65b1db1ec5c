/**
 * Test helper: a worker in its own process (`worker-child.ts`), for tests that kill,
 * freeze or cut it off from Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** A worker process; `lines` collects its stdout lines, `logs` its stderr lines. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly logs: string[];
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Split a stream into lines, calling `onLine` for each. */
function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let cut = buffer.indexOf('\n');
    while (cut >= 0) {
      onLine(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 1);
      cut = buffer.indexOf('\n');
    }
  });
}

/**
 * Start `worker-child.ts <redis> <name> [reconnectMaxDelayMs]`; its stderr is echoed with
 * the worker's name.
 */
export function spawnWorker(redis: string, name: string, reconnectMaxDelayMs?: number): WorkerProcess {
  const args = [CHILD, redis, name, ...(reconnectMaxDelayMs ? [String(reconnectMaxDelayMs)] : [])];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const logs: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  onLines(child.stdout!, (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) {
      const match = w.pattern.exec(line);
      if (match) w.resolve(match);
      else waiters.push(w);
    }
  });
  onLines(child.stderr!, (line) => {
    logs.push(line);
    process.stderr.write(`[${name}] ${line}\n`);
  });
  return {
    name,
    child,
    lines,
    logs,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        for (const line of lines) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        waiters.push({ pattern, resolve });
        child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal})`)));
      }),
  };
}

/** Send `signal` and wait for the process to exit (at once if it has). */
export function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill(signal);
    }
  });
}
