import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_NAME, chromiumMissing, missingTestDependency } from '@snowblind/test-utils';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from './build-dashboard.js';
import { imagesOnProgressLabel, MODELS_ROOT, openPage } from './dashboard-server.js';
import { type ServerProcess, signalServer, spawnServer } from './server-process.js';
import { SHOTS } from './shots.js';

/** How long the page may take to notice: the heartbeat (2 s) plus the probe's timeout (2 s), with slack. */
const NOTICE_MS = 8000;

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'the live page when the server goes away (a real server process)',
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'snowblind-e2e-down-'));
    let server: ServerProcess;
    let browser: BrowserContext;
    let page: Page;

    const processed = () => imagesOnProgressLabel(page);
    const banner = () => page.getByRole('alert').filter({ hasText: 'No answer from the server since' });
    const cancel = () => page.getByRole('button', { name: 'Cancel audit' });

    beforeAll(async () => {
      await ensureDashboardBuilt();
      server = await spawnServer(dataDir, MODELS_ROOT);
      ({ browser, page } = await openPage());
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (server) {
        await signalServer(server, 'SIGCONT');
        await signalServer(server, 'SIGKILL');
      }
    });

    it('says so when the server freezes (heartbeat) and carries on when it wakes', async () => {
      const base = server.url.replace(/\/graphql$/, '/');
      await page.goto(`${base}new`);
      await page.getByLabel('Count').fill('200000');
      await page.getByRole('button', { name: 'Start audit' }).click();
      await page.waitForURL(/\/audits\/[\w-]+$/);
      await page.getByText(/images\/s · about/).waitFor({ timeout: 60_000 });
      // A frozen process keeps its sockets open: no stream error, only the heartbeat can tell.
      await signalServer(server, 'SIGSTOP');
      await banner().waitFor({ timeout: NOTICE_MS });
      expect(await page.getByText(/images\/s/).count()).toBe(0);
      expect(await cancel().isDisabled()).toBe(true);
      expect(await page.getByText('server not answering').count()).toBe(1);
      const before = await processed();
      await signalServer(server, 'SIGCONT');
      await banner().waitFor({ state: 'detached', timeout: NOTICE_MS });
      await expect.poll(processed, { timeout: 30_000 }).toBeGreaterThan(before);
      expect(await cancel().isEnabled()).toBe(true);
    }, 120_000);

    it('says so when the server is killed, and shows the audit interrupted once it is back', async () => {
      const port = new URL(server.url).port;
      await signalServer(server, 'SIGKILL');
      await banner().waitFor({ timeout: NOTICE_MS });
      expect(await page.getByText(/images\/s · about/).count()).toBe(0);
      expect(await cancel().isDisabled()).toBe(true);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'live-server-lost-1280x800.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(SHOTS, 'live-server-lost-390x844.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      // The same server again (same port, same data): it marks the killed audit interrupted.
      server = await spawnServer(dataDir, MODELS_ROOT, Number(port));
      await banner().waitFor({ state: 'detached', timeout: NOTICE_MS });
      await page.getByText('interrupted', { exact: true }).first().waitFor({ timeout: NOTICE_MS });
      expect(await cancel().count()).toBe(0);
      const resume = page.getByRole('button', { name: 'Resume from the last committed batch' });
      expect(await resume.isEnabled()).toBe(true);
    }, 120_000);
  },
);
