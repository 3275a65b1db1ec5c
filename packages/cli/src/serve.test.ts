import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempHome } from '../test/run-cli.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

interface Served {
  child: ChildProcess;
  /** The GraphQL URL `serve` printed on stdout. */
  url: string;
  stderr: () => string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** `snowblind serve <args>` as its own process, from the sources; resolves once it printed its URL. */
function serve(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const code = `const { main } = await import(${JSON.stringify(MAIN)});
    process.exitCode = await main(${JSON.stringify(['serve', '--port', '0', '--no-dashboard', ...args])});`;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    {
      cwd: REPO,
      env: { ...process.env, SNOWBLIND_HOME: tempHome(), SNOWBLIND_TOKEN: '', CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (status) => reject(new Error(`serve exited ${status}:\n${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^(http:\/\/\S+\/graphql)$/m.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr });
    });
  });
}

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as { errors?: { extensions: { code: string } }[] } };
}

const MUTATION = 'mutation { cancelAudit(id: "nope") { id } }';

describe('snowblind serve', () => {
  it('warns on a non-loopback host without a token', async () => {
    const served = await serve(['--host', '0.0.0.0']);
    // stderr is its own pipe: its bytes may arrive after stdout's URL line.
    for (let i = 0; i < 200 && !served.stderr().includes('warning'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(served.stderr()).toContain(
      'warning: listening on 0.0.0.0 without a token: anyone who can reach this port can start jobs and register models; set SNOWBLIND_TOKEN or pass --token',
    );
  });

  it('takes --token: mutations need it, and no warning is printed', async () => {
    const served = await serve(['--host', '0.0.0.0', '--token', 's3cret']);
    const local = served.url.replace('0.0.0.0', '127.0.0.1');
    const without = await post(local, MUTATION);
    expect(without.body.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const withToken = await post(local, MUTATION, { authorization: 'Bearer s3cret' });
    expect(withToken.body.errors?.map((e) => e.extensions.code)).toEqual(['AUDIT_NOT_FOUND']);
    expect(served.stderr()).not.toContain('warning');
  });

  it('still reads the token from $SNOWBLIND_TOKEN', async () => {
    const served = await serve([], { SNOWBLIND_TOKEN: 'from-env' });
    const without = await post(served.url, MUTATION);
    expect(without.body.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const withToken = await post(served.url, MUTATION, { authorization: 'Bearer from-env' });
    expect(withToken.body.errors?.map((e) => e.extensions.code)).toEqual(['AUDIT_NOT_FOUND']);
  });

  it('allows the --cors-origin origins and refuses the others', async () => {
    const served = await serve([
      '--cors-origin',
      'https://a.example',
      '--cors-origin',
      'http://b.example:8080',
    ]);
    for (const origin of ['https://a.example', 'http://b.example:8080']) {
      const { response } = await post(served.url, '{ models { id } }', { origin });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const foreign = await post(served.url, MUTATION, { origin: 'https://c.example' });
    expect(foreign.response.status).toBe(403);
    expect(foreign.response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a --cors-origin that is not an origin', async () => {
    expectUserError(
      await runCli(['serve', '--port', '0', '--no-dashboard', '--cors-origin', '*']),
      'BAD_INPUT',
    );
  });
});
