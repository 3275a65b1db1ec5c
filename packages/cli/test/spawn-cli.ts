import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './run-cli.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Run `snowblind <args>` as its own Node process, from the TypeScript sources (through tsx), in
 * `cwd`, with its own SNOWBLIND_HOME: what a user at a terminal gets, exit status included.
 */
export function spawnCli(args: readonly string[], options: { cwd: string; home: string }): Promise<CliRun> {
  // Started in the repository (where tsx resolves), then moved to `cwd`.
  const code = `process.chdir(${JSON.stringify(options.cwd)});
    const { main } = await import(${JSON.stringify(MAIN)});
    process.exitCode = await main(${JSON.stringify(args)});`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: REPO,
      env: { ...process.env, SNOWBLIND_HOME: options.home, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ code: status ?? -1, stdout, stderr }));
  });
}
