import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@snowblind/server';
import { CHROMIUM_NAME, chromiumMissing, launchChromium, missingTestDependency } from '@snowblind/test-utils';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from './build-dashboard.js';
import { SHOTS } from './shots.js';
import { startAuditByApi } from './start-audit.js';

const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));
/** IG steps, one per gradient call: many internal batches on the small embedded model. */
const STEPS = 600;

/** What the page showed while IG ran, recorded in the page by a MutationObserver. */
interface Seen {
  values: string[];
  texts: string[];
}

declare global {
  interface Window {
    __seen?: Seen;
  }
}

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'attribution progress per internal batch (Debian Chromium, real server)',
  () => {
    let server: RunningServer;
    let browser: BrowserContext;
    let page: Page;
    let sampleUrl: string;

    beforeAll(async () => {
      await ensureDashboardBuilt();
      const { startServer } = await import('@snowblind/server');
      server = await startServer({
        dataDir: mkdtempSync(join(tmpdir(), 'snowblind-e2e-attribution-')),
        modelsRoot: MODELS_ROOT,
        port: 0,
        host: '127.0.0.1',
        token: null,
        log: () => {},
      });
      const id = await startAuditByApi(server.url, {
        models: ['fmnist-cnn'],
        noise: [{ kind: 'seed-wrap', seed: 0 }],
        count: 8,
      });
      sampleUrl = `${server.url.replace(/\/graphql$/, '/')}audits/${id}/samples/0/0`;
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchChromium();
      page = await browser.newPage();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('IG moves its bar per internal batch, with elapsed time and time left', async () => {
      await page.goto(sampleUrl);
      const panel = page.getByRole('article', { name: 'Integrated gradients' });
      await panel.getByText('Parameters').click();
      await panel.getByLabel('Steps (n_steps)').fill(String(STEPS));
      await panel.getByLabel('Internal batch size').fill('1');
      await panel.getByText('Parameters').click(); // folded, so the screenshot shows the bar
      await page
        .getByRole('heading', { name: 'Attributions' })
        .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      // Every value and sentence the bar takes, however fast they change.
      await page.evaluate(() => {
        const seen: Seen = { values: [], texts: [] };
        window.__seen = seen;
        const record = () => {
          const bar = document.querySelector('[role="progressbar"]');
          const value = bar?.getAttribute('aria-valuenow');
          if (value && seen.values.at(-1) !== value) seen.values.push(value);
          const text = document.querySelector('.attribution-progress-text')?.textContent;
          if (text && seen.texts.at(-1) !== text) seen.texts.push(text);
        };
        new MutationObserver(record).observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['aria-valuenow'],
        });
      });
      await panel.getByRole('button', { name: 'Explain' }).click();
      const bar = panel.getByRole('progressbar', { name: 'Integrated gradients progress' });
      await bar.waitFor();
      expect(await bar.getAttribute('aria-valuemax')).toMatch(/^(1|600)$/);
      // Mid-run: the count, the elapsed time and the time left (waits for the first batches).
      const line = panel.getByText(
        /^IG: [\d,]+ \/ 600 steps · [\d.]+ s elapsed · (about \d+ s|less than a second) left$/,
      );
      await line.waitFor({ timeout: 60_000 }).then(
        () => page.screenshot({ path: join(SHOTS, 'attribution-progress-1280x800.png') }),
        () => undefined, // ended before a screenshot could be taken: the assertions below still hold
      );
      await panel
        .getByRole('img', { name: /Integrated gradients heat map for/ })
        .waitFor({ timeout: 120_000 });
      await panel.getByText(/^IG: 600 steps in [\d.]+ s$/).waitFor();
      expect(await bar.count()).toBe(0);

      const seen = (await page.evaluate(() => window.__seen)) as Seen;
      const values = seen.values.map(Number);
      expect(new Set(values.filter((v) => v > 0 && v < STEPS)).size).toBeGreaterThanOrEqual(3);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(seen.texts.some((t) => / s elapsed · (about \d+ s|less than a second) left$/.test(t))).toBe(
        true,
      );
      expect(seen.texts.some((t) => /API|INTEGRATED_GRADIENTS|undefined|NaN/.test(t))).toBe(false);
    }, 180_000);
  },
);
