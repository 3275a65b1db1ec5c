import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** `snowblind <args>` as its own process, from source through tsx. */
function spawnCli(args: readonly string[]): { child: ChildProcess; stdout: string[]; stderr: string[] } {
  const code = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: REPO, env: { ...process.env, SNOWBLIND_HOME: tempHome() }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { child, stdout, stderr };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('snowblind serve job limits', () => {
  it('refuses a limit that is not a whole number ≥ 1, naming the flag', async () => {
    const run = await runCli(['serve', '--port', '0', '--max-audit-values', 'lots']);
    expectUserError(run, 'BAD_INPUT');
    expect(run.stderr).toContain('--max-audit-values');
    expectUserError(await runCli(['serve', '--port', '0', '--max-fool-values', '0']), 'BAD_INPUT');
  });

  it('lists the limits in --help', async () => {
    const run = await runCli(['serve', '--help']);
    for (const flag of [
      '--max-audit-values',
      '--max-batch-values',
      '--max-explain-values',
      '--max-fool-values',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('a server started with --max-audit-values refuses a larger audit with JOB_TOO_LARGE naming the flag', async () => {
    const cli = spawnCli([
      'serve',
      '--port',
      '0',
      '--no-dashboard',
      '--data-dir',
      tempHome(),
      '--models-root',
      `${REPO}models`,
      '--max-audit-values',
      String(100 * 28 * 28),
    ]);
    children.push(cli.child);
    const start = Date.now();
    while (!cli.stdout.join('').includes('/graphql')) {
      if (Date.now() - start > 60_000 || cli.child.exitCode !== null) {
        throw new Error(`serve did not start: ${cli.stderr.join('')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = cli.stdout.join('').trim().split('\n')[0]!;
    const audit = (count: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
          variables: {
            i: {
              models: ['fmnist-mlp'],
              noise: [{ kind: 'constant', seed: 0, width: 28, height: 28, channels: 1 }],
              count,
            },
          },
        }),
      }).then(
        (r) =>
          r.json() as Promise<{ errors?: { message: string; extensions: { code: string; hint: string } }[] }>,
      );
    const refused = await audit(101);
    expect(refused.errors?.map((e) => e.extensions.code)).toEqual(['JOB_TOO_LARGE']);
    expect(refused.errors![0]!.extensions.hint).toContain('snowblind serve --max-audit-values');
    expect((await audit(100)).errors).toBeUndefined();
  });
});
