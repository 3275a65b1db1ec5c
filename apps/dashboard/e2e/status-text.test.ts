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
import { graphqlData, startAuditByApi } from './start-audit.js';

/** The reference noise on the default model: small for a finished audit, large for one to stop. */
const audit = (count: number) => ({ models: ['fmnist-cnn'], noise: [{ kind: 'seed-wrap', seed: 0 }], count });
const LONG = 200_000;
/** The heartbeat (2 s) plus its timeout (2 s), with slack. */
const NOTICE_MS = 8000;
/** Names of the API's mutations and codes: a person reading the page should never meet them. */
const API_WORDS = /resumeAudit|cancelAudit|startAudit|INTERRUPTED|CANCELLED/;

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'status text that says what happened (a real server process, Debian Chromium)',
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'snowblind-e2e-status-'));
    let server: ServerProcess;
    let browser: BrowserContext;
    let page: Page;
    const base = () => server.url.replace(/\/graphql$/, '/');
    /** An audit's times and images, read through the API. */
    const times = async (id: string) => {
      const { audit } = await graphqlData<{
        audit: {
          startedAt: string;
          finishedAt: string;
          workingSeconds: number;
          progress: { processed: number };
        };
      }>(
        server.url,
        'query($id: ID!) { audit(id: $id) { startedAt finishedAt workingSeconds progress { processed } } }',
        { id },
      );
      return audit;
    };
    const processed = () => imagesOnProgressLabel(page);
    const note = () => page.locator('#stopped-note');
    const resume = () => page.getByRole('button', { name: 'Resume from the last committed batch' });
    const shot = async (name: string) => {
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, name) });
    };
    /** Open a long audit's page and wait until it has committed a batch or two. */
    const openRunning = async () => {
      const id = await startAuditByApi(server.url, audit(LONG));
      await page.goto(`${base()}audits/${id}`);
      await expect.poll(processed, { timeout: 60_000 }).toBeGreaterThan(32);
      return id;
    };

    beforeAll(async () => {
      await ensureDashboardBuilt();
      server = await spawnServer(dataDir, MODELS_ROOT);
      ({ browser, page } = await openPage());
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (server) await signalServer(server, 'SIGKILL');
    });

    it('derives the thresholds sentence from the numbers when no noise image passes any threshold', async () => {
      const id = await startAuditByApi(server.url, audit(48));
      await page.goto(`${base()}audits/${id}`);
      const table = page.getByRole('table', { name: 'Share of images above each confidence threshold' });
      await table.waitFor({ timeout: 60_000 });
      // fmnist-cnn is about 0.21 confident on this noise: 0 of 48 above 0.5, 0.9 and 0.99.
      const cells = await table.getByRole('cell').allTextContents();
      expect(cells).toEqual(['0.0% (0)', '0.0% (0)', '0.0% (0)']);
      const sentence = page.locator('#threshold-summary');
      expect(await sentence.textContent()).toBe(
        'No noise image scores above 0.5 for fmnist-cnn here: these thresholds reject all of this noise.',
      );
      expect(await page.getByText(/not enough/).count()).toBe(0);
    }, 90_000);

    it('shows a cancel as a neutral status, resumes it, and measures the rate over working time only', async () => {
      const id = await openRunning();
      await page.getByRole('button', { name: 'Cancel audit' }).click();
      await note().waitFor({ timeout: 30_000 });
      const cancelledAt = performance.now();
      const kept = await processed();
      expect(await note().textContent()).toBe(
        `Cancelled at ${kept.toLocaleString('en')} of 200,000 images. Resume continues from there.`,
      );
      expect(await note().getAttribute('role')).toBe('status');
      // Not an error: no alert, no error box, and the badge is not in the danger colour.
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('.error-box').count()).toBe(0);
      const badge = page.locator('.status-cancelled');
      const colours = await badge.evaluate((el) => {
        const danger = getComputedStyle(document.documentElement).getPropertyValue('--danger').trim();
        const probe = document.createElement('span');
        probe.style.color = danger;
        document.body.append(probe);
        const dangerRgb = getComputedStyle(probe).color;
        probe.remove();
        return { badge: getComputedStyle(el).color, danger: dangerRgb };
      });
      expect(colours.badge).not.toBe(colours.danger);
      expect(await page.locator('main').textContent()).not.toMatch(API_WORDS);
      await shot('status-cancelled-1280x800.png');

      // It sits cancelled a while; the rate after the resume must not count that.
      await page.waitForTimeout(3000);
      const resumedAt = performance.now();
      await resume().click();
      await page.getByText(/images\/s · about/).waitFor({ timeout: 60_000 });
      const live = await page.evaluate(() => ({
        label: document.querySelector('.progress-label')?.textContent ?? '',
        rate: document.getElementById('progress-rate')?.textContent ?? '',
      }));
      const since = (performance.now() - resumedAt) / 1000;
      const done = Number(live.label.split(' ')[0]!.replace(/,/g, ''));
      const rate = Number(/^([\d.]+) images\/s/.exec(live.rate)?.[1]);
      // At least what this stretch did over an upper bound of its time (shown to one decimal).
      expect(rate + 0.05).toBeGreaterThanOrEqual((done - kept) / since);

      await page.getByRole('button', { name: 'Cancel audit' }).click();
      await note().waitFor({ timeout: 30_000 });
      const ended = await times(id);
      const span = (Date.parse(ended.finishedAt) - Date.parse(ended.startedAt)) / 1000;
      const idle = (resumedAt - cancelledAt) / 1000;
      expect(ended.workingSeconds).toBeGreaterThan(0);
      expect(ended.workingSeconds).toBeLessThanOrEqual(span - idle);
      const total = ended.progress.processed;
      expect(await page.locator('#progress-rate').textContent()).toContain(
        `(${(total / ended.workingSeconds).toFixed(1)} images/s)`,
      );
    }, 120_000);

    it('waits on a sample the running audit has not scored yet, and says when a cancel left it out', async () => {
      const id = await openRunning();
      // A deep link a little ahead of the audit: it says so, then shows the sample once it is scored.
      const ahead = (await processed()) + 1000;
      await page.goto(`${base()}audits/${id}/samples/0/${ahead}`);
      await page
        .getByText(`Sample #${ahead} is not scored yet: the audit is still running.`, { exact: false })
        .waitFor();
      await page
        .getByRole('img', { name: new RegExp(`^Noise sample ${ahead}, classified as`) })
        .waitFor({ timeout: 60_000 });
      // The last sample, then a cancel: the page asks again and says the audit stopped before it.
      const last = LONG - 1;
      await page.goto(`${base()}audits/${id}/samples/0/${last}`);
      await page.getByText(`Sample #${last} is not scored yet`, { exact: false }).waitFor();
      await graphqlData(server.url, 'mutation($id: ID!) { cancelAudit(id: $id) { id } }', { id });
      await page
        .getByText(`The audit stopped before sample #${last}. Resume it from its page to score the rest.`)
        .waitFor({ timeout: 15_000 });
    }, 120_000);

    it('says in plain words that the server stopped under an audit, and offers Resume', async () => {
      await openRunning();
      const port = Number(new URL(server.url).port);
      await signalServer(server, 'SIGKILL');
      await page.getByText('server not answering').waitFor({ timeout: NOTICE_MS });
      // The same server again (same port, same data): it marks the audit interrupted.
      server = await spawnServer(dataDir, MODELS_ROOT, port);
      await note().waitFor({ timeout: 2 * NOTICE_MS });
      const kept = await processed();
      expect(await note().textContent()).toBe(
        `The server stopped while this audit ran (${kept.toLocaleString('en')} of 200,000 images kept). Resume continues from there.`,
      );
      expect(await page.locator('.error-box').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(API_WORDS);
      expect(await resume().isEnabled()).toBe(true);
      await shot('status-interrupted-1280x800.png');
    }, 120_000);

    it('says the new-audit form could not reach a stopped server, not that the server refused', async () => {
      await page.goto(`${base()}new`);
      await page.getByLabel('fmnist-cnn (default)').waitFor();
      await signalServer(server, 'SIGKILL');
      await page.getByRole('button', { name: 'Start audit' }).click();
      const failure = page.locator('.error-box');
      await failure.waitFor({ timeout: NOTICE_MS });
      expect(await failure.locator('strong').textContent()).toBe('Could not reach the server');
      expect(await failure.textContent()).toContain('Check that the snowblind server is running');
      expect(await failure.textContent()).not.toContain('refused');
      await shot('new-audit-unreachable-1280x800.png');
    }, 60_000);
  },
);
