import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from '@snowblind/server';
import { CHROMIUM_NAME, chromiumMissing, missingTestDependency, TINY_ONNX } from '@snowblind/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardSession, imagesOnProgressLabel, openDashboard } from './dashboard-server.js';
import { SHOTS } from './shots.js';
import { trousersPng } from './test-photo.js';

const COUNT = 48;
const escapeRegExp = (text: string) => text.replace(/[()]/g, '\\$&');

const noChromium = missingTestDependency(CHROMIUM_NAME, chromiumMissing);
describe.skipIf(noChromium)('dashboard end to end (Debian Chromium, real server)', () => {
  let session: DashboardSession | undefined;
  let server: RunningServer;
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
    session = await openDashboard('main');
    ({ server, base, page } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it('serves the dashboard and the API on one port', async () => {
    const response = await page.goto(base);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Audits' }).waitFor();
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('heading', { name: /^fmnist-cnn default/ }).waitFor();
    expect(await page.getByText('fashion-mnist: resize').count()).toBeGreaterThan(0);
    // The model card is rendered Markdown: its "## Architecture" is a heading under the model's h2.
    const card = page.getByRole('article', { name: /^fmnist-cnn default/ });
    await card.getByText('Model card').click();
    await card.getByRole('heading', { level: 4, name: 'Architecture' }).waitFor();
    expect(await card.getByRole('cell', { name: 'conv1' }).count()).toBe(1);
  });

  it('starts an audit on fmnist-cnn and watches its progress reach 100%', async () => {
    await page.goto(`${base}new`);
    await page.getByLabel('fmnist-cnn (default)').waitFor();
    await page.getByLabel('fmnist-resnet', { exact: true }).check();
    const count = page.getByLabel('Count');
    // A client-side error first: count 0 is refused before anything is sent.
    await count.fill('0');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.getByText('count must be between 1 and 1,000,000').waitFor();
    await shot('new-audit-error-1280x800.png');
    await count.fill(String(COUNT));
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.waitForURL(/\/audits\/[\w-]+$/);
    auditUrl = page.url();
    await page
      .getByRole('progressbar', { name: new RegExp(`${COUNT} of ${COUNT} images \\(100%\\)`) })
      .waitFor({
        timeout: 120_000,
      });
    const table = page.getByRole('table', { name: /describe\(\) of the top-1 confidence/ });
    for (const model of ['fmnist-cnn', 'fmnist-resnet']) {
      const cells = table.getByRole('row', { name: new RegExp(`^${model} · seed-wrap`) }).getByRole('cell');
      expect(await cells.first().textContent()).toBe(String(COUNT));
      const [mean, , min, , , , max] = (await cells.allTextContents()).slice(1).map(Number);
      expect(min).toBeLessThanOrEqual(mean!);
      expect(mean).toBeLessThanOrEqual(max!);
      expect(max).toBeLessThanOrEqual(1);
    }
    await page.getByText('succeeded').first().waitFor();
    // The overlaid histogram (one bar series per model) and the label-count charts rendered as SVG.
    await expect.poll(() => page.locator('.histogram .recharts-bar').count()).toBe(2);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await shot('audit-1280x800.png');
    // OOD metrics against fashion-mnist-test (Debian's dataset-fashion-mnist); without the
    // dataset the API's NO_IN_DISTRIBUTION_DATA error is what the panel must show.
    await page.getByRole('button', { name: 'Compute OOD metrics' }).click();
    const ood = page.getByRole('table', {
      name: 'In-distribution data: fashion-mnist-test, its first 10,000 images',
    });
    const noData = page.getByRole('alert').filter({ hasText: 'NO_IN_DISTRIBUTION_DATA' });
    await ood.or(noData).first().waitFor({ timeout: 120_000 });
    const hasDataset = existsSync('/usr/share/datasets/fashion-mnist');
    expect(await ood.isVisible()).toBe(hasDataset);
    if (hasDataset) {
      const auroc = Number(
        await ood
          .getByRole('row', { name: /fmnist-cnn · seed-wrap MSP/ })
          .getByRole('cell')
          .nth(1)
          .textContent(),
      );
      expect(auroc).toBeGreaterThanOrEqual(0);
      expect(auroc).toBeLessThanOrEqual(1);
      // Accuracy on the same real images, beside the metrics: a trained CNN gets most right.
      const accuracy = await page.getByText(/^Accuracy on these real images/).textContent();
      expect(Number(/fmnist-cnn · seed-wrap ([\d.]+)%/.exec(accuracy ?? '')?.[1])).toBeGreaterThan(80);
      // The ROC curves from roc(maxPoints): one line per model, AUROC in the legend.
      const roc = page.getByRole('img', { name: /^ROC curves for MSP/ });
      await roc.waitFor();
      expect(await roc.getAttribute('aria-label')).toContain(
        `fmnist-cnn · seed-wrap (AUROC ${auroc.toFixed(3)})`,
      );
      expect(await roc.locator('.recharts-line').count()).toBe(2);
      expect(await roc.locator('.recharts-reference-line').count()).toBe(1);
      await page.getByRole('radio', { name: 'energy' }).check();
      await page.getByRole('img', { name: /^ROC curves for energy/ }).waitFor();
    }
    await scrollTo(page.getByRole('heading', { name: 'Confidence histogram' }));
    await shot('results-charts-1280x800.png');
    await scrollTo(page.getByRole('heading', { name: 'Share above a confidence threshold' }));
    await shot('results-ood-1280x800.png');
    if (hasDataset) {
      await page.getByRole('radio', { name: 'MSP' }).check();
      await page.getByRole('img', { name: /^ROC curves for MSP/ }).waitFor();
      await scrollTo(page.getByRole('heading', { name: 'Out-of-distribution metrics' }));
      await shot('results-roc-1280x800.png');
    }
  }, 180_000);

  it('shows a running audit live over SSE and cancels it', async () => {
    const doneUrl = page.url();
    await page.goto(`${base}new`);
    await page.getByLabel('Count').fill('200000');
    await page.getByRole('button', { name: 'Start audit' }).click();
    await page.waitForURL(/\/audits\/[\w-]+$/);
    // Events arrive while it runs: the processed count grows past the first batch.
    await expect.poll(() => imagesOnProgressLabel(page), { timeout: 60_000 }).toBeGreaterThan(32);
    await page.getByText(/images\/s · about/).waitFor();
    await shot('live-1280x800.png');
    await page.getByRole('button', { name: 'Cancel audit' }).click();
    await page.getByText('cancelled', { exact: true }).first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Cancel audit' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resume from the last committed batch' }).waitFor();
    await page.goto(doneUrl);
    await page.getByRole('heading', { name: 'Noise samples' }).waitFor();
  }, 120_000);

  it('opens a sample from the virtualized grid and explains it with integrated gradients', async () => {
    const tile = page.getByRole('link', { name: /^Sample 0:/ });
    await tile.scrollIntoViewIfNeeded();
    await tile.click();
    await page.waitForURL(/\/audits\/[\w-]+\/samples\/0\/0$/);
    sampleUrl = page.url();
    const image = page.getByRole('img', { name: /Noise sample 0, classified as/ });
    await image.waitFor();
    // The reference noise is 256×256 RGB; the model's preset shrinks it to 28×28 gray.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(256);

    // The reference experiment's three panels, with parameters small enough for a test.
    const panels = [
      ['Integrated gradients', { 'Steps (n_steps)': '32' }],
      ['Noise tunnel (smoothgrad_sq) over IG', { 'Samples (nt_samples)': '4', 'IG steps': '16' }],
      ['Occlusion', {}],
    ] as const;
    for (const [title, params] of panels) {
      const panel = page.getByRole('article', { name: title });
      await panel.getByText('Parameters').click();
      for (const [label, value] of Object.entries(params)) await panel.getByLabel(label).fill(value);
      await panel.getByRole('button', { name: 'Explain' }).click();
    }
    for (const [title] of panels) {
      const panel = page.getByRole('article', { name: title });
      const heatmap = panel.getByRole('img', { name: new RegExp(`${escapeRegExp(title)} heat map for`) });
      await heatmap.waitFor({ timeout: 120_000 });
      await expect
        .poll(() => heatmap.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
        .toBe(true);
      // Shrunk to the panel with smooth scaling: nearest-neighbour shrinking cut the colour bar's labels.
      const { rendering, shrunk } = await heatmap.evaluate((img: HTMLImageElement) => ({
        rendering: getComputedStyle(img).imageRendering,
        shrunk: img.clientWidth < img.naturalWidth,
      }));
      expect({ rendering, shrunk }).toEqual({ rendering: 'auto', shrunk: true });
      // Parameters folded away again, so the screenshot shows the heat maps.
      await panel.getByText('Parameters').click();
    }
    const ig = page.getByRole('article', { name: 'Integrated gradients' });
    expect(await ig.getByText(/convergence delta/).count()).toBe(1);
    await scrollTo(page.getByRole('heading', { name: 'Attributions' }));
    await shot('sample-explained-1280x800.png');
  }, 180_000);

  it('explains an uploaded photo (GraphQL multipart) with occlusion', async () => {
    const photo = join(mkdtempSync(join(tmpdir(), 'snowblind-photo-')), 'trousers.png');
    writeFileSync(photo, trousersPng());
    const compare = page.getByRole('region', { name: 'Compare with a real photo' });
    await compare.getByLabel(/Photo \(PNG or JPEG/).setInputFiles(photo);
    const occlusion = compare.getByRole('article', { name: 'Occlusion' });
    await occlusion.getByRole('button', { name: 'Explain' }).click();
    const heatmap = occlusion.getByRole('img', { name: /Occlusion heat map for/ });
    await heatmap.waitFor({ timeout: 120_000 });
    await expect
      .poll(() => heatmap.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await scrollTo(page.getByRole('heading', { name: 'Compare with a real photo' }));
    await shot('photo-explained-1280x800.png');
  }, 180_000);

  it('fools the model from a sample, its confidence drawn live', async () => {
    await page.goto(sampleUrl);
    const panel = page.getByRole('region', { name: 'Fool from this sample' });
    const target = panel.getByLabel('Target class');
    // The sample's top-1 class: the first class after "any".
    const top1 = (await target.locator('option').nth(1).textContent()) ?? '';
    await target.selectOption({ index: 1 });
    await panel.getByText('Budget and bounds').click();
    await panel.getByLabel('Iterations (budget)').fill('20');
    await panel.getByRole('button', { name: 'Fool the model' }).click();
    const found = panel.getByRole('status').filter({ hasText: /^Found: / });
    await found.waitFor({ timeout: 120_000 });
    const [, label, end, start] = /^Found: (.+) at ([\d.]+)% \(it started at ([\d.]+)%\)/.exec(
      (await found.textContent()) ?? '',
    )!;
    expect(top1.startsWith(`${label} (now`)).toBe(true);
    expect(Number(end)).toBeGreaterThanOrEqual(Number(start));
    const curve = panel.getByRole('img', { name: /^Confidence per iteration: Confidence in / });
    expect(await curve.getAttribute('aria-label')).toMatch(
      /from [\d.]+ at iteration 0 to [\d.]+ at iteration \d+ of 20/,
    );
    await expect
      .poll(() =>
        panel
          .getByRole('img', { name: /^Noise found by the search/ })
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(28);
    await scrollTo(page.getByRole('heading', { name: 'Fool from this sample' }));
    await shot('fool-1280x800.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await scrollTo(page.getByRole('heading', { name: 'Fool from this sample' }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the fool panel scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await shot('fool-390x844.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  it('keeps the audit list current while an audit starts, runs and ends (auditsChanged)', async () => {
    const subscribed = page.waitForRequest((r) => r.postData()?.includes('auditsChanged') ?? false);
    await page.goto(base);
    const table = page.getByRole('table', { name: 'Audits, newest first' });
    await table.waitFor();
    await subscribed;
    const started = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
        variables: { i: { models: ['fmnist-cnn'], noise: [{ kind: 'gaussian', seed: 5 }], count: 64 } },
      }),
    }).then((r) => r.json() as Promise<{ data: { startAudit: { id: string } } }>);
    // No reload: the row appears and reaches "succeeded" on the subscription's events alone.
    const row = table.getByRole('row', { name: new RegExp(started.data.startAudit.id.slice(0, 8)) });
    await row.waitFor({ timeout: 30_000 });
    await row.getByText('succeeded').waitFor({ timeout: 60_000 });
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('64');
  }, 120_000);

  it('puts two audits side by side', async () => {
    // A second audit through the API itself: uniform noise on the default model.
    const started = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: StartAuditInput!) { startAudit(input: $i) { id } }',
        variables: { i: { models: ['fmnist-cnn'], noise: [{ kind: 'uniform', seed: 1 }], count: 32 } },
      }),
    }).then((r) => r.json() as Promise<{ data: { startAudit: { id: string } } }>);
    const second = started.data.startAudit.id;
    const first = /\/audits\/([\w-]+)$/.exec(auditUrl)![1]!;
    await page.goto(`${base}compare`);
    await page.getByLabel('Left audit').selectOption(first);
    // The option appears once the audit list has it; the audit may still be running.
    await expect.poll(async () => page.locator(`#compare-b option[value="${second}"]`).count()).toBe(1);
    await page.getByLabel('Right audit').selectOption(second);
    await expect
      .poll(() => page.getByRole('table', { name: 'describe() of the top-1 confidence' }).count(), {
        timeout: 60_000,
      })
      .toBe(2);
    // Compare shows describe() one column per run (half a page has no room for eight columns).
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'fmnist-cnn · uniform' }).count(), {
        timeout: 60_000,
      })
      .toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('compare-1280x800.png');
  }, 120_000);

  it('finds the most convincing noise: the grid sorted, filtered and walked with the keyboard', async () => {
    await page.goto(auditUrl);
    await scrollTo(page.getByRole('heading', { name: 'Noise samples' }));
    await page.getByLabel('Run', { exact: true }).selectOption({ label: 'fmnist-resnet · seed-wrap' });
    await page.getByLabel('Sort samples').selectOption({ label: 'Most confident first' });
    const grid = page.getByRole('grid', { name: /fmnist-resnet · seed-wrap, most confident first/ });
    await page.getByRole('status').filter({ hasText: 'most confident first' }).waitFor();
    const shares = async () =>
      (
        await grid
          .getByRole('link')
          .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label') ?? ''))
      ).map((label) => Number(/, ([\d.]+)%$/.exec(label)?.[1]));
    await expect.poll(async () => (await shares()).length).toBeGreaterThan(4);
    const sorted = await shares();
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    // The least-confidence filter keeps as many as the "share above 0.9" table counts.
    const aboveCell = page
      .getByRole('table', { name: 'Share of images above each confidence threshold' })
      .getByRole('row', { name: /^fmnist-resnet · seed-wrap/ })
      .getByRole('cell')
      .nth(1);
    const above = Number(/\((\d+)\)/.exec((await aboveCell.textContent()) ?? '')?.[1]);
    await page.getByLabel('Confidence at least').fill('0.9');
    await page
      .getByRole('status')
      .filter({ hasText: `${above} of ${COUNT} samples` })
      .waitFor();
    await page.getByLabel('Confidence at least').fill('0');
    // One Tab stop: from the last picker, Tab lands on the most confident tile; arrows move on.
    await page.getByLabel('Confidence at least').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(Number(/, ([\d.]+)%$/.exec(await focused())?.[1])).toBe(sorted[0]);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const chosen = /^Sample (\d+):/.exec(await focused())?.[1];
    expect(chosen).toBeDefined();
    await shot('samples-sorted-1280x800.png');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/audits/[\\w-]+/samples/1/${chosen}$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Sample #${chosen} `) }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    // Back from the sample: the same run, order and filter (they live in the URL).
    await page.goBack();
    await scrollTo(page.getByRole('heading', { name: 'Noise samples' }));
    await grid.getByRole('link').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the sample grid scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await shot('samples-sorted-390x844.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('registers an uploaded ONNX model from the models page', async () => {
    await page.goto(`${base}models`);
    await page.getByText('Register a model').click();
    await page.getByLabel('Id').fill('tiny-e2e');
    await page.getByLabel(/^Model file/).setInputFiles(TINY_ONNX);
    // Three labels for a model with five outputs: the server's BAD_LABELS, in place.
    await page.getByLabel(/^Labels/).fill('zero\none\ntwo');
    await page.getByRole('button', { name: 'Register model' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'BAD_LABELS tiny-e2e has 5 outputs but 3 labels were given' })
      .waitFor({ timeout: 60_000 });
    await page.getByLabel(/^Labels/).fill('zero\none\ntwo\nthree\nfour');
    await page.getByRole('button', { name: 'Register model' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Registered tiny-e2e: onnx/ });
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toMatch(/, 5 labels\./);
    expect(await page.getByRole('alert').filter({ hasText: 'BAD_LABELS' }).count()).toBe(0);
    // The list and the new-audit form have it without a reload.
    await page.getByRole('heading', { name: /^tiny-e2e/ }).waitFor();
    // The check on a photo opens on the model just registered. tiny.onnx takes 8×8 input, which
    // no preset gives: the server's SHAPE_MISMATCH is shown in place; fmnist-cnn reads the photo.
    const modelSelect = page.getByLabel('Model', { exact: true });
    expect(await modelSelect.inputValue()).toBe('tiny-e2e');
    await page
      .getByLabel(/^Photo/)
      .setInputFiles({ name: 'trousers.png', mimeType: 'image/png', buffer: trousersPng() });
    await page.getByRole('button', { name: 'Classify photo' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'SHAPE_MISMATCH tiny-e2e takes input [?, 3, 8, 8]' })
      .waitFor({ timeout: 60_000 });
    await modelSelect.selectOption('fmnist-cnn');
    await page.getByRole('button', { name: 'Classify photo' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^fmnist-cnn reads it as .+\.$/ })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByRole('table', { name: 'Top-5 predictions' }).getByRole('row').count()).toBe(6);
    expect(await page.getByRole('alert').filter({ hasText: 'SHAPE_MISMATCH' }).count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('models-registered-1280x800.png');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the register form scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await shot('models-registered-390x844.png');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'New audit' }).click();
    await page.getByLabel('tiny-e2e', { exact: true }).waitFor();
  }, 120_000);

  it('opens every route on a reload, a bookmark or an old hash link', async () => {
    const id = /\/audits\/([\w-]+)$/.exec(auditUrl)![1]!;
    const failed: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    };
    page.on('response', onResponse);
    const routes = [
      [base, 'Audits'],
      [`${base}new`, 'New audit'],
      [`${base}models`, 'Models'],
      [`${base}compare`, 'Compare two audits'],
      [auditUrl, `Audit ${id.slice(0, 8)}`],
      [sampleUrl, /^Sample #0/],
      [`${base}no/such/page`, 'Not found'],
    ] as const;
    try {
      for (const [url, heading] of routes) {
        // A fresh load of the URL (what a bookmark or a shared link does), then F5 on it.
        await page.goto(url);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.reload();
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        expect(page.url()).toBe(url);
      }
      // Links from the hash-route builds still open the page they named, at its path.
      await page.goto(`${base}#/audits/${id}`);
      await page.getByRole('heading', { level: 1, name: `Audit ${id.slice(0, 8)}` }).waitFor();
      expect(page.url()).toBe(auditUrl);
    } finally {
      page.off('response', onResponse);
    }
    expect(failed).toEqual([]);
  }, 120_000);

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
