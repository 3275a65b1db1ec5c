import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { createServer } from '../server.js';
import { DASHBOARD_DIR_ENV, resolveDashboardDir, serveDashboard } from './dashboard.js';

function builtDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'snowblind-dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>snowblind</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

describe('serveDashboard', () => {
  it('serves index.html at / and for extension-less paths, assets with their type', async () => {
    const dir = builtDashboard();
    const root = await serveDashboard('/', dir);
    expect(root?.status).toBe(200);
    expect(root?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root?.text()).toContain('<title>snowblind</title>');
    expect(await (await serveDashboard('/audits/123', dir))?.text()).toContain('<title>snowblind</title>');
    const js = await serveDashboard('/assets/index-abc.js', dir);
    expect(js?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js?.headers.get('cache-control')).toContain('immutable');
    expect(await js?.text()).toBe('console.log(1)');
  });

  it('answers null for a missing asset and never reads outside the folder', async () => {
    const dir = builtDashboard();
    expect(await serveDashboard('/assets/missing.js', dir)).toBeNull();
    expect(await serveDashboard('/../../etc/passwd.txt', dir)).toBeNull();
    expect(await serveDashboard('/%2e%2e/%2e%2e/etc/hosts.txt', dir)).toBeNull();
    expect(await serveDashboard('/%E0%A4%A', dir)).toBeNull();
  });

  it('answers null for anything under /assets/, even without an extension', async () => {
    expect(await serveDashboard('/assets/index-abc', builtDashboard())).toBeNull();
  });

  it('explains how to build the dashboard when dist has no index.html', async () => {
    const missing = join(tmpdir(), 'snowblind-no-such-dashboard');
    const r = await serveDashboard('/', missing);
    expect(r?.status).toBe(503);
    expect(await r?.text()).toContain('npm run build -w @snowblind/dashboard');
  });
});

describe('serveDashboard compression', () => {
  const bundle = 'export function snow(n) { return n * 2; }\n'.repeat(200);
  const dashboardWith = () => {
    const dir = builtDashboard();
    writeFileSync(join(dir, 'assets', 'index-big.js'), bundle);
    writeFileSync(join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
    return dir;
  };

  it('answers brotli or gzip as the client accepts, identity without Accept-Encoding', async () => {
    const dir = dashboardWith();
    const get = (acceptEncoding: string | null) =>
      serveDashboard('/assets/index-big.js', dir, { acceptEncoding });
    const br = (await get('gzip, deflate, br'))!;
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(bundle);
    const gz = (await get('br;q=0, gzip'))!;
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(bundle);
    const plain = (await get(null))!;
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(bundle);
  });

  it('sends images and files under 1 KB as they are', async () => {
    const dir = dashboardWith();
    const png = (await serveDashboard('/assets/logo.png', dir, { acceptEncoding: 'br' }))!;
    expect(png.headers.get('content-encoding')).toBeNull();
    expect(png.headers.get('vary')).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(4096);
    const small = (await serveDashboard('/assets/index-abc.js', dir, { acceptEncoding: 'br' }))!;
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('console.log(1)');
  });
});

describe('the dashboard behind the server', () => {
  it('opens every client route on a reload and answers a missing asset with a JSON 404', async () => {
    const server = createServer({ dataDir: tempDir(), token: null, dashboardDir: builtDashboard() });
    try {
      const get = (path: string) => server.fetch(new Request(`http://127.0.0.1${path}`));
      const id = '0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
      for (const route of [
        '/',
        '/new',
        '/models',
        '/compare',
        `/audits/${id}`,
        `/audits/${id}/samples/1/7`,
      ]) {
        const page = await get(route);
        expect(page.status, route).toBe(200);
        expect(await page.text(), route).toContain('<title>snowblind</title>');
      }
      // A relative asset URL resolved against a deep link: not the app, a 404 in JSON.
      for (const path of [`/audits/${id}/assets/index-abc.js`, '/assets/index-zzz.js', '/assets/index-abc']) {
        const missing = await get(path);
        expect(missing.status, path).toBe(404);
        expect(await missing.json(), path).toEqual({ error: { code: 'NOT_FOUND', message: 'no such file' } });
      }
      expect(await (await get('/assets/index-abc.js')).text()).toBe('console.log(1)');
    } finally {
      await server.close();
    }
  });

  it('compresses the bundle per Accept-Encoding and keeps refusing paths outside the folder', async () => {
    const dir = builtDashboard();
    const bundle = 'const audit = { noise: "seed-wrap" };\n'.repeat(300);
    writeFileSync(join(dir, 'assets', 'index-big.js'), bundle);
    const server = createServer({ dataDir: tempDir(), token: null, dashboardDir: dir });
    try {
      const get = (path: string, acceptEncoding: string) =>
        server.fetch(
          new Request(`http://127.0.0.1${path}`, { headers: { 'accept-encoding': acceptEncoding } }),
        );
      for (const round of [1, 2]) {
        const br = await get('/assets/index-big.js', 'br');
        expect(br.headers.get('content-encoding'), `round ${round}`).toBe('br');
        expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(bundle);
      }
      const traversal = await get('/%2e%2e/%2e%2e/etc/hosts.txt', 'br');
      expect(traversal.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('resolveDashboardDir', () => {
  const saved = process.env[DASHBOARD_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[DASHBOARD_DIR_ENV];
    else process.env[DASHBOARD_DIR_ENV] = saved;
  });

  it('takes the argument, then the environment (off = none), then the workspace package', () => {
    expect(resolveDashboardDir(null)).toBeNull();
    expect(resolveDashboardDir('/srv/ui')).toBe('/srv/ui');
    process.env[DASHBOARD_DIR_ENV] = 'off';
    expect(resolveDashboardDir()).toBeNull();
    process.env[DASHBOARD_DIR_ENV] = '/srv/other';
    expect(resolveDashboardDir()).toBe('/srv/other');
    delete process.env[DASHBOARD_DIR_ENV];
    expect(resolveDashboardDir()).toMatch(/apps[/\\]dashboard[/\\]dist$/);
  });
});
