/**
 * axe-core's WCAG 2.1 A/AA rules on every page of the dashboard, in Debian's Chromium at
 * 1280×800 and 390×844, each page in the state a user reaches: forms opened, an audit running,
 * results with the OOD panel and the sample grid, a sample explained, two audits compared.
 */
import type { RunningServer } from '@snowblind/server';
import { CHROMIUM_NAME, chromiumMissing, missingTestDependency } from '@snowblind/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './axe.js';
import { type DashboardSession, openDashboard } from './dashboard-server.js';
import { startAuditByApi } from './start-audit.js';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

describe.skipIf(missingTestDependency(CHROMIUM_NAME, chromiumMissing))(
  'accessibility of every page (axe-core, WCAG 2.1 A/AA, Chromium)',
  () => {
    let session: DashboardSession | undefined;
    let server: RunningServer;
    let page: Page;
    let base: string;
    /** A finished audit of two models (results, OOD panel, sample grid) and one to compare it with. */
    let done: string;
    let other: string;

    /** The page as it is now, at both widths: no violation, or each one listed. */
    const expectNoViolations = async (what: string) => {
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        const violations = await axeViolations(page);
        expect
          .soft(
            violations,
            `${what} at ${viewport.width}×${viewport.height}:\n${describeViolations(violations)}`,
          )
          .toEqual([]);
      }
      await page.setViewportSize(VIEWPORTS[0]);
    };

    const graphql = (query: string, variables: object) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });

    beforeAll(async () => {
      session = await openDashboard('axe');
      ({ server, base, page } = session);
      done = await startAuditByApi(server.url, {
        models: ['fmnist-cnn', 'fmnist-resnet'],
        noise: [{ kind: 'seed-wrap', seed: 0, width: 28, height: 28, channels: 1 }],
        count: 48,
      });
      other = await startAuditByApi(server.url, {
        models: ['fmnist-cnn'],
        noise: [{ kind: 'uniform', seed: 1 }],
        count: 32,
      });
    }, 180_000);

    afterAll(() => session?.close());

    it('home, models with both forms open, new audit and not found', async () => {
      await page.goto(base);
      await page.getByRole('table', { name: 'Audits, newest first' }).waitFor();
      await page.getByRole('button', { name: 'Run a first audit' }).waitFor();
      await expectNoViolations('home');

      await page.goto(`${base}models`);
      await page.getByRole('heading', { name: /^fmnist-cnn default/ }).waitFor();
      await page.getByText('Register a model').click();
      await page.getByText('Check a model on a photo').click();
      await page
        .getByRole('article', { name: /^fmnist-cnn default/ })
        .getByText('Model card')
        .click();
      // A refused file, so its error (tied to the input) is checked too.
      await page
        .getByLabel(/^Model file/)
        .setInputFiles({ name: 'empty.onnx', mimeType: '', buffer: Buffer.alloc(0) });
      await page.getByText('empty.onnx is empty (0 bytes)').waitFor();
      await expectNoViolations('models');

      await page.goto(`${base}new`);
      await page.getByLabel('Count').waitFor();
      await expectNoViolations('new audit');

      await page.goto(`${base}no/such/page`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectNoViolations('not found');
    }, 120_000);

    it('a running audit', async () => {
      const running = await startAuditByApi(server.url, {
        models: ['fmnist-cnn'],
        noise: [{ kind: 'gaussian', seed: 2 }],
        count: 200_000,
      });
      try {
        await page.goto(`${base}audits/${running}`);
        await page.getByText(/images\/s · about/).waitFor({ timeout: 60_000 });
        await expectNoViolations('live audit');
      } finally {
        await graphql('mutation($id: ID!) { cancelAudit(id: $id) { id } }', { id: running });
      }
    }, 120_000);

    it('a finished audit: results, OOD metrics and the sample grid', async () => {
      await page.goto(`${base}audits/${done}`);
      await page.getByRole('heading', { name: 'Noise samples' }).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Compute OOD metrics' }).click();
      const ood = page.getByRole('table', { name: /^In-distribution data/ });
      const refused = page.getByRole('alert').filter({ hasText: 'NO_IN_DISTRIBUTION_DATA' });
      await ood.or(refused).first().waitFor({ timeout: 120_000 });
      await page.getByRole('link', { name: /^Sample 0:/ }).waitFor();
      await expectNoViolations('results');
    }, 180_000);

    it('a sample explained with integrated gradients', async () => {
      await page.goto(`${base}audits/${done}/samples/0/0`);
      const ig = page.getByRole('article', { name: 'Integrated gradients' });
      await ig.getByText('Parameters').click();
      await ig.getByLabel('Steps (n_steps)').fill('16');
      await ig.getByRole('button', { name: 'Explain' }).click();
      await ig.getByRole('img', { name: /heat map for/ }).waitFor({ timeout: 120_000 });
      await expectNoViolations('sample');
    }, 180_000);

    it('two audits compared', async () => {
      await page.goto(`${base}compare`);
      await page.getByLabel('Left audit').selectOption(done);
      await expect.poll(() => page.locator(`#compare-b option[value="${other}"]`).count()).toBe(1);
      await page.getByLabel('Right audit').selectOption(other);
      await expect
        .poll(() => page.getByRole('table', { name: 'describe() of the top-1 confidence' }).count(), {
          timeout: 60_000,
        })
        .toBe(2);
      await expectNoViolations('compare');
    }, 120_000);
  },
);
