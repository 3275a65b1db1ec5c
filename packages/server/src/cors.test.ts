import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, tempDir } from '../test/helpers.js';
import { testServer } from '../test/test-server.js';
import { isLoopbackHost, parseCorsOrigin } from './http/origin-policy.js';
import { createServer, type SnowblindServer, startServer } from './server.js';

const ALLOWED = 'https://app.example.com';
const FOREIGN = 'https://evil.example';
/** A mutation that answers AUDIT_NOT_FOUND when it runs at all. */
const MUTATION = 'mutation { cancelAudit(id: "nope") { id } }';

let server: SnowblindServer;
beforeAll(async () => {
  server = await testServer({ dashboardDir: null, corsOrigins: [ALLOWED] });
});
afterAll(async () => {
  await server.close();
});

/** What a browser sends before a cross-origin JSON POST with the CSRF header. */
function preflight(origin: string): Promise<Response> {
  return server.fetch(
    new Request('http://127.0.0.1:4000/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-graphql-yoga-csrf',
      },
    }),
  );
}

function post(query: string, headers: Record<string, string>): Promise<Response> {
  return server.fetch(
    new Request('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1', ...headers },
      body: JSON.stringify({ query }),
    }),
  );
}

describe('CORS: same origin only unless named', () => {
  it('gives a foreign origin no CORS headers: its preflight fails in the browser', async () => {
    const response = await preflight(FOREIGN);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('refuses a foreign origin’s request before it runs, even one sent without preflight', async () => {
    for (const origin of [FOREIGN, 'null', 'http://127.0.0.1:4001', 'http://localhost.evil.example:4000']) {
      const response = await post(MUTATION, { origin });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const body = (await response.json()) as { error: { code: string }; errors?: unknown };
      expect(body.error.code).toBe('FORBIDDEN');
      expect(body.errors).toBeUndefined(); // the mutation never ran (it would say AUDIT_NOT_FOUND)
    }
  });

  it('lets a named origin preflight and call with credentials', async () => {
    const pre = await preflight(ALLOWED);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-graphql-yoga-csrf');
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const response = await post(MUTATION, { origin: ALLOWED });
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['AUDIT_NOT_FOUND']);
  });

  it('serves its own origin (the dashboard) and clients that send no Origin (CLI, curl)', async () => {
    const own = await post('{ models { id } }', { origin: 'http://127.0.0.1:4000' });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { data: { models: unknown[] } }).data.models).toHaveLength(1);
    expect(codes(await gql(server.fetch, MUTATION))).toEqual(['AUDIT_NOT_FOUND']);
  });

  it('takes only http(s) origins for corsOrigins', () => {
    expect(parseCorsOrigin('https://app.example.com/some/path')).toBe('https://app.example.com');
    expect(parseCorsOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    for (const bad of ['*', 'app.example.com', 'file:///tmp/x.html', 'null', ''])
      expect(() => parseCorsOrigin(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => createServer({ dataDir: tempDir(), corsOrigins: ['*'] })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });

  it('knows the loopback names', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.2', 'localhost.evil.example', 'evil.example', '::'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});

/** A raw HTTP request with a chosen Host header (fetch does not allow setting it). */
function withHost(url: string, host: string, origin?: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  const body = JSON.stringify({ query: '{ models { id } }' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(origin ? { origin } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('on a real socket', () => {
  it('answers only loopback Host names on a loopback address (DNS rebinding)', async () => {
    const running = await startServer({
      dataDir: tempDir(),
      token: null,
      dashboardDir: null,
      port: 0,
      log: () => {},
    });
    try {
      const port = running.port;
      const rebound = await withHost(running.url, `rebind.example:${port}`, `http://rebind.example:${port}`);
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error.code).toBe('FORBIDDEN');
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
        const ok = await withHost(running.url, host, `http://${host}`);
        expect(ok.status).toBe(200);
        expect(JSON.parse(ok.body).data.models.length).toBeGreaterThan(0);
      }
      const foreign = await withHost(running.url, `127.0.0.1:${port}`, FOREIGN);
      expect(foreign.status).toBe(403);
    } finally {
      await running.close();
    }
  });

  it('warns when listening beyond loopback without a token, and not with one', async () => {
    const lines: string[] = [];
    const open = await startServer({
      dataDir: tempDir(),
      token: null,
      dashboardDir: null,
      host: '0.0.0.0',
      port: 0,
      log: (line) => lines.push(line),
    });
    await open.close();
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: listening on 0.0.0.0 without a token: anyone who can reach this port can start jobs and register models; set SNOWBLIND_TOKEN or pass --token',
    ]);
    lines.length = 0;
    const guarded = await startServer({
      dataDir: tempDir(),
      token: 's3cret',
      dashboardDir: null,
      host: '0.0.0.0',
      port: 0,
      log: (line) => lines.push(line),
    });
    await guarded.close();
    const local = await startServer({
      dataDir: tempDir(),
      token: null,
      dashboardDir: null,
      port: 0,
      log: (line) => lines.push(line),
    });
    await local.close();
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});
