import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('explains how to build the dashboard when dist has no index.html', async () => {
    const missing = join(tmpdir(), 'snowblind-no-such-dashboard');
    const r = await serveDashboard('/', missing);
    expect(r?.status).toBe(503);
    expect(await r?.text()).toContain('npm run build -w @snowblind/dashboard');
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
