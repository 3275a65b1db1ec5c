import { join } from 'node:path';
import type { RunningServer } from '@snowblind/server';
import { CHROMIUM_NAME, chromiumMissing, missingTestDependency } from '@snowblind/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardSession, openDashboard } from './dashboard-server.js';
import { SHOTS } from './shots.js';
import { startAuditByApi, waitForAudit } from './start-audit.js';

/** IG steps (the most the API takes), one per gradient call: many internal batches on an embedded model. */
const STEPS = 1000;

/** What the page showed while IG ran, recorded in the page by a MutationObserver. */
interface Seen {
  values: string[];
  texts: string[];
  /** The bar's last `aria-valuemax`. */
  max: string;
}

declare global {
  interface Window {
    __seen?: Seen;
  }
}

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'attribution progress per internal batch (Debian Chromium, real server)',
  () => {
    let session: DashboardSession | undefined;
    let server: RunningServer;
    let page: Page;
    let sampleUrl: string;

    beforeAll(async () => {
      session = await openDashboard('attribution');
      const { base } = session;
      ({ server, page } = session);
      const id = await startAuditByApi(server.url, {
        models: ['fmnist-resnet'],
        noise: [{ kind: 'seed-wrap', seed: 0 }],
        count: 8,
      });
      sampleUrl = `${base}audits/${id}/samples/0/0`;
      await waitForAudit(server.url, id);
    }, 180_000);

    afterAll(() => session?.close());

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
        const seen: Seen = { values: [], texts: [], max: '' };
        window.__seen = seen;
        const record = () => {
          const bar = document.querySelector('[role="progressbar"]');
          const value = bar?.getAttribute('aria-valuenow');
          if (value && seen.values.at(-1) !== value) seen.values.push(value);
          if (bar) seen.max = bar.getAttribute('aria-valuemax') ?? '';
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
      // A screenshot early in the run (checked every frame: the run may take under 3 s).
      const midRun = await page.waitForFunction(
        () => {
          const text = window.__seen?.texts.at(-1) ?? '';
          if (/^IG: [1-4]\d\d \/.* left$/.test(text)) return 'mid';
          return / steps in /.test(text) && 'ended'; // too quick to catch: no screenshot
        },
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      if ((await midRun.jsonValue()) === 'mid')
        await page.screenshot({ path: join(SHOTS, 'attribution-progress-1280x800.png') });
      await panel
        .getByRole('img', { name: /Integrated gradients heat map for/ })
        .waitFor({ timeout: 120_000 });
      await panel.getByText(/^IG: 1,000 steps in [\d.]+ s$/).waitFor();
      expect(await panel.getByRole('progressbar').count()).toBe(0);

      const seen = (await page.evaluate(() => window.__seen)) as Seen;
      expect(seen.max).toBe(String(STEPS));
      const values = seen.values.map(Number);
      expect(new Set(values.filter((v) => v > 0 && v < STEPS)).size).toBeGreaterThanOrEqual(3);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      const midRunText =
        /^IG: [\d,]+ \/ 1,000 steps · [\d.]+ s elapsed · (about \d+ s|less than a second) left$/;
      expect(seen.texts.some((t) => midRunText.test(t))).toBe(true);
      expect(seen.texts.some((t) => /API|INTEGRATED_GRADIENTS|undefined|NaN/.test(t))).toBe(false);
    }, 180_000);
  },
);
