/**
 * Issue 22 item 2 in Debian's Chromium: an ImageNet model (squeezenet1.1) has no built-in
 * in-distribution set, so its OOD panel takes the user's own photos — a folder with a stray text
 * file, a bad file the server refuses by name — and shows AUROC against them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@snowblind/server';
import {
  CHROMIUM_NAME,
  chromiumMissing,
  missingTestDependency,
  ZOO,
  zooMissing,
  zooPath,
} from '@snowblind/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardSession, openDashboard } from './dashboard-server.js';
import { SHOTS } from './shots.js';
import { startAuditByApi } from './start-audit.js';
import { trousersPng } from './test-photo.js';

const PHOTOS = ['dog.jpg', 'fish.png', 'kitten_224.png'];

/** A folder as a user has one: the zoo's photos, a PNG of trousers and a note that is no photo. */
function photoFolder(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'snowblind-photos-')), 'holiday photos');
  mkdirSync(folder);
  for (const name of PHOTOS) copyFileSync(zooPath(`images/${name}`), join(folder, name));
  writeFileSync(join(folder, 'trousers.png'), trousersPng(96));
  writeFileSync(join(folder, 'notes.txt'), 'taken in July');
  return folder;
}

const skip = missingTestDependency(CHROMIUM_NAME, chromiumMissing) || missingTestDependency(ZOO, zooMissing);

describe.skipIf(skip)('OOD metrics of an ImageNet model against uploaded photos (Chromium)', () => {
  let session: DashboardSession | undefined;
  let server: RunningServer;
  let page: Page;
  let auditUrl: string;

  beforeAll(async () => {
    session = await openDashboard('ood');
    ({ server, page } = session);
    const id = await startAuditByApi(server.url, {
      models: ['squeezenet1.1'],
      noise: [{ kind: 'uniform', seed: 1 }],
      count: 8,
    });
    auditUrl = server.url.replace(/graphql$/, `audits/${id}`);
  }, 180_000);

  afterAll(() => session?.close());

  it('uploads a folder of photos on a SqueezeNet audit and shows AUROC against them', async () => {
    await page.goto(auditUrl);
    await page.getByText('succeeded').first().waitFor({ timeout: 120_000 });
    await page.getByText(/^squeezenet1\.1 has no built-in in-distribution set/).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'NO_IN_DISTRIBUTION_DATA' }).count()).toBe(0);
    expect(await page.getByLabel('In-distribution images').inputValue()).toBe('upload');
    const form = page.getByRole('form', { name: 'Upload photos' });
    // The upload form fits a phone: no sideways scrolling at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    await form.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the upload form scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A file that is named like a photo but is not one: the server refuses the set, naming it.
    await form
      .getByLabel('Photos', { exact: true })
      .setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg') });
    await form.getByRole('button', { name: 'Upload 1 photo' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /BAD_IMAGE "broken\.jpg" is not an image/ })
      .waitFor({
        timeout: 60_000,
      });

    // A folder: its text file is left out on selection, the name comes from the folder.
    await form.getByLabel('Or a folder of photos').setInputFiles(photoFolder());
    await form.getByText(/^4 photos, /).waitFor();
    expect(await form.getByText(/left out \(not photos\): holiday photos\/notes\.txt/).count()).toBe(1);
    expect(await form.getByLabel('Name of the set (optional)').inputValue()).toBe('holiday photos');
    expect(await form.getByRole('alert').count()).toBe(0);
    await page
      .getByRole('heading', { name: 'Out-of-distribution metrics' })
      .evaluate((el) => el.scrollIntoView());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'ood-upload-1280x800.png') });
    await form.getByRole('button', { name: 'Upload 4 photos' }).click();

    const table = page.getByRole('table', {
      name: 'In-distribution data: holiday photos (uploaded), 4 images',
    });
    await table.waitFor({ timeout: 120_000 });
    const auroc = Number(
      await table
        .getByRole('row', { name: /squeezenet1\.1 · uniform MSP/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    );
    expect(auroc).toBeGreaterThanOrEqual(0);
    expect(auroc).toBeLessThanOrEqual(1);
    await page.getByRole('img', { name: /^ROC curves for MSP: squeezenet1\.1/ }).waitFor();
    await page.getByText(/carry no labels/).waitFor();
    await page
      .getByRole('heading', { name: 'Out-of-distribution metrics' })
      .evaluate((el) => el.scrollIntoView());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'ood-uploaded-photos-1280x800.png') });

    // The set stays on the server: after a reload it is offered and picked by default.
    await page.reload();
    const picker = page.getByLabel('In-distribution images');
    await expect
      .poll(() => picker.locator('option').allTextContents())
      .toEqual(['holiday photos: 4 photos (uploaded)', 'Upload photos…']);
    await page.getByRole('button', { name: 'Compute OOD metrics' }).click();
    await table.waitFor({ timeout: 60_000 });
  }, 240_000);
});
