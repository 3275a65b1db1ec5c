import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../src/io.js';
import { main } from '../src/main.js';

/** What one in-process CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh, empty SNOWBLIND_HOME for one test. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'snowblind-home-'));
}

/** Run `snowblind <args>` in-process with its own SNOWBLIND_HOME and no TTY. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const io = memoryIo({ SNOWBLIND_HOME: env['SNOWBLIND_HOME'] ?? tempHome(), CI: 'true', ...env });
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** Asserts a run failed the way a user error must: exit 2, coded one-liner, hint, no stack. */
export function expectUserError(run: CliRun, code: string): void {
  const problems: string[] = [];
  if (run.code !== 2) problems.push(`exit ${run.code}, expected 2`);
  if (!run.stderr.includes(`error [${code}]`)) problems.push(`no "error [${code}]"`);
  if (!run.stderr.includes('hint:')) problems.push('no hint');
  if (/\n\s+at .+:\d+:\d+/.test(run.stderr)) problems.push('stack trace printed');
  if (problems.length > 0)
    throw new Error(`${problems.join('; ')}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`);
}
