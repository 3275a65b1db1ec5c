/**
 * Issue 22 item 8 in Debian's Chromium: a title per page (after client-side navigation and on a
 * reload), upload errors on selection, the server's brotli/gzip JS, and the home page's one-click
 * first audit.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RunningServer } from '@snowblind/server';
import { CHROMIUM_NAME, chromiumMissing, missingTestDependency } from '@snowblind/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ROOT } from './build-dashboard.js';
import { type DashboardSession, openDashboard } from './dashboard-server.js';
import { SHOTS } from './shots.js';
import { startAuditByApi } from './start-audit.js';

const title = (page: string) => `${page} · snowblind`;

/** A GET whose body is read as sent (Node's fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      }).on('error', reject);
    },
  );
}

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'page titles, upload errors, compressed JS and the first audit (Chromium)',
  () => {
    let session: DashboardSession | undefined;
    let server: RunningServer;
    let page: Page;
    let base: string;
    let auditUrl: string;

    /** The tab's title, once the page (lazy chunks and data) has set it. */
    const expectTitle = (expected: string, message?: string) =>
      expect.poll(() => page.title(), { timeout: 15_000, message }).toBe(expected);

    beforeAll(async () => {
      session = await openDashboard('details');
      ({ server, base, page } = session);
    }, 180_000);

    afterAll(() => session?.close());

    it('says what snowblind does and runs a first audit in one click, landing on its live page', async () => {
      await page.goto(base);
      await page.getByText(/asks whether an image classifier names an object in pure noise/).waitFor();
      const start = page.getByRole('button', { name: 'Run a first audit' });
      await start.waitFor();
      expect(await page.getByText(/through fmnist-cnn, the default model/).textContent()).toContain(
        'seed-wrap noise (seed 0, 28×28 gray)',
      );
      // On a fresh load the first Tab reaches the skip link, which takes focus past the nav.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.screenshot({ path: join(SHOTS, 'home-1280x800.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(SHOTS, 'home-390x844.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      await start.click();
      await page.waitForURL(/\/audits\/[\w-]+$/);
      auditUrl = page.url();
      const id = /\/audits\/([\w-]+)$/.exec(auditUrl)![1]!;
      await page.getByRole('heading', { level: 1, name: `Audit ${id.slice(0, 8)}` }).waitFor();
      // The live page of that audit: its progress, then its results (200 images of fmnist-cnn).
      await page.getByRole('progressbar', { name: /of 200 images/ }).waitFor();
      await page.getByText('succeeded').first().waitFor({ timeout: 120_000 });
      expect(await page.getByText(/fmnist-cnn/).count()).toBeGreaterThan(0);
    }, 180_000);

    it('gives every page its own title, after client-side navigation and on a reload', async () => {
      const fullId = /\/audits\/([\w-]+)$/.exec(auditUrl)![1]!;
      const id = fullId.slice(0, 8);
      await page.goto(base);
      await expectTitle(title('Audits'));
      const nav = page.getByRole('navigation', { name: 'Main' });
      const titles: string[] = [];
      for (const [link, expected] of [
        ['Models', title('Models')],
        ['New audit', title('New audit')],
        ['Compare', title('Compare audits')],
        ['Audits', title('Audits')],
      ] as const) {
        await nav.getByRole('link', { name: link, exact: true }).click();
        await expectTitle(expected, link);
        titles.push(expected);
      }
      await page.getByRole('link', { name: id }).click();
      await expectTitle(title(`Audit ${id}`));
      await page.getByRole('link', { name: /^Sample 0:/ }).click();
      await page.getByRole('heading', { level: 1, name: /^Sample #0/ }).waitFor();
      await expectTitle(title(`Sample #0 · Audit ${id}`));
      titles.push(title(`Audit ${id}`), title(`Sample #0 · Audit ${id}`));
      // A deep link loaded afresh and reloaded keeps its title.
      for (const [path, expected] of [
        [`audits/${fullId}/samples/0/3`, title(`Sample #3 · Audit ${id}`)],
        ['models', title('Models')],
        ['no/such/page', title('Page not found')],
        ['audits/00000000-0000-0000-0000-000000000000', title('Audit not found')],
      ] as const) {
        await page.goto(`${base}${path}`);
        await expectTitle(expected, path);
        await page.reload();
        await expectTitle(expected, `${path} reloaded`);
        titles.push(expected);
      }
      // An unknown audit id says so in words, not as the API's error code.
      expect(await page.getByRole('main').textContent()).toContain(
        'This server has no audit with the id “00000000-0000-0000-0000-000000000000”',
      );
      expect(await page.getByText('AUDIT_NOT_FOUND').count()).toBe(0);
      expect(new Set(titles).size).toBe(titles.length - 1); // Models twice
    }, 120_000);

    it('draws noise that is not square (60×20) at its own shape, in the grid and on the sample page', async () => {
      const id = await startAuditByApi(server.url, {
        models: ['fmnist-cnn'],
        noise: [{ kind: 'low-frequency', seed: 0, width: 60, height: 20, channels: 1 }],
        count: 2,
      });
      /** Width over height of what the image paints: its box, narrowed by object-fit. */
      const paintedRatio = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((img: HTMLImageElement) => {
            const box = img.getBoundingClientRect();
            const natural = img.naturalWidth / img.naturalHeight;
            const fit = getComputedStyle(img).objectFit;
            if (fit !== 'contain') return box.width / box.height;
            return Math.min(box.width, box.height * natural) / Math.min(box.height, box.width / natural);
          });
      await page.goto(`${base}audits/${id}`);
      const tile = page.locator('.sample-tile img').first();
      await tile.waitFor({ timeout: 60_000 });
      await tile.scrollIntoViewIfNeeded();
      await expect.poll(() => tile.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(60);
      expect(await paintedRatio('.sample-tile img')).toBeCloseTo(3, 1);
      await page.goto(`${base}audits/${id}/samples/0/1`);
      const full = page.locator('.sample-full img.full');
      await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(60);
      expect(await paintedRatio('.sample-full img.full')).toBeCloseTo(3, 1);
    }, 120_000);

    it('shows an upload’s error as soon as the file is picked, with nothing sent', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'snowblind-uploads-'));
      const notes = join(folder, 'notes.txt');
      writeFileSync(notes, 'not a photo');
      const empty = join(folder, 'empty.onnx');
      writeFileSync(empty, '');
      const huge = join(folder, 'huge.onnx');
      writeFileSync(huge, '');
      truncateSync(huge, 60 * 1024 * 1024); // sparse: 60 MB on paper, nothing on disk
      const uploads: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.headers()['content-type']?.startsWith('multipart/'))
          uploads.push(r.url());
      });

      await page.goto(`${base}models`);
      await page.getByText('Register a model').click();
      const modelFile = page.getByLabel(/^Model file/);
      await modelFile.setInputFiles(empty);
      await page.getByText('empty.onnx is empty (0 bytes)').waitFor();
      expect(await modelFile.getAttribute('aria-invalid')).toBe('true');
      await modelFile.setInputFiles(huge);
      await page.getByText('huge.onnx is 60 MB; the server takes files up to 50 MB').waitFor();
      expect(await page.getByText('empty.onnx is empty').count()).toBe(0);

      await page.getByText('Check a model on a photo').click();
      const photo = page.getByLabel(/^Photo \(PNG or JPEG/);
      await photo.setInputFiles(notes);
      await page.getByText('notes.txt is not a PNG or JPEG photo').waitFor();
      expect(await page.getByRole('button', { name: 'Classify photo' }).isDisabled()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'upload-errors-1280x800.png') });
      expect(uploads).toEqual([]);
    }, 60_000);

    it('sends the main script as brotli or gzip as the client accepts, identity without Accept-Encoding', async () => {
      const html = readFileSync(join(DASHBOARD_ROOT, 'dist', 'index.html'), 'utf8');
      const script = /<script type="module" crossorigin src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
      expect(script, 'index.html names its main script').toBeTruthy();
      const file = readFileSync(join(DASHBOARD_ROOT, 'dist', script!));
      const url = `${base.replace(/\/$/, '')}${script}`;
      const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['vary']).toBe('Accept-Encoding');
      expect(br.body.length).toBeLessThan(file.length / 2);
      expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
      const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(file)).toBe(true);
      const plain = await rawGet(url, {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(file)).toBe(true);
      // And Chromium, which asks for brotli, gets it.
      const loaded = page.waitForResponse((r) => r.url().endsWith(script!));
      await page.goto(base);
      expect((await loaded).headers()['content-encoding']).toBe('br');
    }, 60_000);
  },
);
