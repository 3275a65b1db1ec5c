import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@snowblind/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ROOT, ensureDashboardBuilt } from './build-dashboard.js';
import { chromiumMissing, launchChromium } from './chromium.js';

const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));
const SHOTS = join(DASHBOARD_ROOT, 'screenshots');
const COUNT = 48;

if (chromiumMissing) console.warn(`skipping dashboard end-to-end tests: ${chromiumMissing}`);

describe.skipIf(chromiumMissing !== null)('dashboard end to end (Debian Chromium, real server)', () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let base: string;
  let auditUrl: string;
  let sampleUrl: string;

  /** A viewport screenshot with no hover tooltip in it. */
  const shot = async (name: string) => {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, name) });
  };
  const scrollTo = (locator: ReturnType<Page['locator']>) =>
    locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));

  beforeAll(async () => {
    await ensureDashboardBuilt();
    const { startServer } = await import('@snowblind/server');
    server = await startServer({
      dataDir: mkdtempSync(join(tmpdir(), 'snowblind-e2e-')),
      modelsRoot: MODELS_ROOT,
      port: 0,
      host: '127.0.0.1',
      token: null,
      log: () => {},
    });
    base = server.url.replace(/\/graphql$/, '/');
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the dashboard and the API on one port', async () => {
    const response = await page.goto(base);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Audits' }).waitFor();
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('heading', { name: /^fmnist-cnn default/ }).waitFor();
    expect(await page.getByText('fashion-mnist: resize').count()).toBeGreaterThan(0);
  });

  it('starts an audit on fmnist-cnn and watches its progress reach 100%', async () => {
    await page.goto(`${base}#/new`);
    await page.getByLabel('fmnist-cnn (default)').waitFor();
    const count = page.getByLabel('Count');
    // A client-side error first: count 0 is refused before anything is sent.
    await count.fill('0');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByText('count must be between 1 and 1000000').waitFor();
    await count.fill(String(COUNT));
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.waitForURL(/#\/audits\/[\w-]+$/);
    auditUrl = page.url();
    await page
      .getByRole('progressbar', { name: new RegExp(`${COUNT} of ${COUNT} images \\(100%\\)`) })
      .waitFor({
        timeout: 120_000,
      });
    const table = page.getByRole('table', { name: /describe\(\) of the top-1 confidence/ });
    const cells = table.getByRole('row', { name: /fmnist-cnn · seed-wrap/ }).getByRole('cell');
    expect(await cells.first().textContent()).toBe(String(COUNT));
    const [mean, , min, , , , max] = (await cells.allTextContents()).slice(1).map(Number);
    expect(min).toBeLessThanOrEqual(mean!);
    expect(mean).toBeLessThanOrEqual(max!);
    expect(max).toBeLessThanOrEqual(1);
    await page.getByText('succeeded').first().waitFor();
    // The histogram and the label-count chart rendered as SVG.
    await page.locator('.recharts-area').first().waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await shot('audit-1280x800.png');
    await scrollTo(page.getByRole('heading', { name: 'Confidence histogram' }));
    await shot('results-charts-1280x800.png');
  }, 180_000);

  it('opens a sample from the virtualized grid and explains it with integrated gradients', async () => {
    const tile = page.getByRole('link', { name: /^Sample 0:/ });
    await tile.scrollIntoViewIfNeeded();
    await tile.click();
    await page.waitForURL(/#\/audits\/[\w-]+\/samples\/0\/0$/);
    sampleUrl = page.url();
    const image = page.getByRole('img', { name: /Noise sample 0, classified as/ });
    await image.waitFor();
    // The reference noise is 256×256 RGB; the model's preset shrinks it to 28×28 gray.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(256);

    const ig = page.getByRole('article', { name: 'Integrated gradients' });
    await ig.getByText('Parameters').click();
    await ig.getByLabel('Steps (n_steps)').fill('32');
    await ig.getByRole('button', { name: 'Explain' }).click();
    const heatmap = ig.getByRole('img', { name: /Integrated gradients heat map for/ });
    await heatmap.waitFor({ timeout: 120_000 });
    await expect
      .poll(() => heatmap.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    expect(await ig.getByText(/convergence delta/).count()).toBe(1);
    await scrollTo(page.getByRole('heading', { name: 'Attributions' }));
    await shot('sample-explained-1280x800.png');
  }, 180_000);

  it('is usable at phone width (390×844) without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [url, name] of [
      [auditUrl, 'audit-390x844.png'],
      [sampleUrl, 'sample-390x844.png'],
    ] as const) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => window.scrollTo(0, 0));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      await shot(name);
    }
  }, 120_000);
});
