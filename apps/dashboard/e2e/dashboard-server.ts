import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@snowblind/server';
import { launchChromium } from '@snowblind/test-utils';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureDashboardBuilt } from './build-dashboard.js';
import { SHOTS } from './shots.js';

/** The repository's built-in models (the Fashion-MNIST nets, squeezenet1.1). */
export const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));

/**
 * Build the dashboard if its sources changed, then start a server in this process on a free
 * loopback port over a fresh data dir (`snowblind-e2e-<name>-…`), with no token.
 *
 * @returns the server and the dashboard's URL (`http://127.0.0.1:<port>/`)
 */
export async function startDashboardServer(name: string): Promise<{ server: RunningServer; base: string }> {
  await ensureDashboardBuilt();
  const { startServer } = await import('@snowblind/server');
  const server = await startServer({
    dataDir: mkdtempSync(join(tmpdir(), `snowblind-e2e-${name}-`)),
    modelsRoot: MODELS_ROOT,
    port: 0,
    host: '127.0.0.1',
    token: null,
    log: () => {},
  });
  return { server, base: server.url.replace(/\/graphql$/, '/') };
}

/** What one end-to-end file drives: a server in this process and a Chromium page for it. */
export interface DashboardSession {
  readonly server: RunningServer;
  /** The dashboard's URL, `http://127.0.0.1:<port>/`. */
  readonly base: string;
  readonly browser: BrowserContext;
  readonly page: Page;
  /** Close the browser, then the server. */
  close(): Promise<void>;
}

/**
 * {@link startDashboardServer}, the screenshot folder, and Debian's Chromium with one page: the
 * `beforeAll` of an end-to-end file (its `afterAll` calls `close`). If Chromium does not start,
 * the server is closed before the error is thrown.
 */
export async function openDashboard(name: string): Promise<DashboardSession> {
  const { server, base } = await startDashboardServer(name);
  try {
    const { browser, page } = await openPage();
    const close = async () => {
      await browser.close();
      await server.close();
    };
    return { server, base, browser, page, close };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** The screenshot folder, and Debian's Chromium with one page (for a server started otherwise). */
export async function openPage(): Promise<{ browser: BrowserContext; page: Page }> {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium();
  return { browser, page: await browser.newPage() };
}

/** Images per run done, as the live page's progress label says ("1,024 of 200,000 images …"). */
export async function imagesOnProgressLabel(page: Page): Promise<number> {
  const label = await page.locator('.progress-label').textContent();
  return Number(label?.split(' ')[0]?.replace(/,/g, ''));
}
