import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_NAME, chromiumMissing, launchChromium, missingTestDependency } from '@snowblind/test-utils';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, makeModelsRoot, TINY_MODEL_ID, tempDir } from '../test/helpers.js';
import { type RunningServer, startServer } from './server.js';

/** A page server on its own port: another origin than the API's. */
async function pageServer(): Promise<{ http: Server; origin: string }> {
  const http = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>some page</title>');
  });
  await new Promise<void>((ready) => http.listen(0, '127.0.0.1', ready));
  return { http, origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

const START_AUDIT = `mutation { startAudit(input: { models: ["${TINY_MODEL_ID}"], noise: [{ kind: "uniform", seed: 0 }], count: 1 }) { id } }`;

const noChromium = missingTestDependency(CHROMIUM_NAME, chromiumMissing);
describe.skipIf(noChromium)('CORS in a real browser (Debian Chromium)', () => {
  let api: RunningServer;
  let foreign: { http: Server; origin: string };
  let friendly: { http: Server; origin: string };
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    foreign = await pageServer();
    friendly = await pageServer();
    api = await startServer({
      dataDir: tempDir(),
      modelsRoot: await makeModelsRoot(),
      token: null,
      dashboardDir: null,
      port: 0,
      corsOrigins: [friendly.origin],
      log: () => {},
    });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    foreign?.http.close();
    friendly?.http.close();
  });

  /** Run `fetch` in the page; its outcome as the page's script sees it. */
  function fetchFromPage(init: { mode?: string; contentType: string; csrf: boolean }): Promise<string> {
    return page.evaluate(
      async ({ url, query, init }) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            mode: init.mode as RequestMode,
            credentials: 'include',
            headers: {
              'content-type': init.contentType,
              ...(init.csrf ? { 'x-graphql-yoga-csrf': '1' } : {}),
            },
            body: JSON.stringify({ query }),
          });
          return response.type === 'opaque' ? 'opaque' : await response.text();
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      },
      { url: api.url, query: START_AUDIT, init },
    );
  }

  async function auditCount(): Promise<number> {
    const r = await gql(
      (request) => fetch(request),
      '{ audits { edges { node { id } } } }',
      {},
      {},
      api.url.replace(/\/graphql$/, ''),
    );
    return r.data?.audits.edges.length;
  }

  it('a foreign page can neither read nor start anything, with or without a preflight', async () => {
    await page.goto(foreign.origin);
    // A JSON POST with the CSRF header: preflighted, and the preflight gets no CORS headers.
    expect(await fetchFromPage({ contentType: 'application/json', csrf: true })).toBe('blocked: TypeError');
    // Requests a browser sends without preflight: refused by the server before they run.
    expect(await fetchFromPage({ mode: 'no-cors', contentType: 'text/plain', csrf: false })).toBe('opaque');
    expect(
      await fetchFromPage({
        mode: 'no-cors',
        contentType: 'application/x-www-form-urlencoded',
        csrf: false,
      }),
    ).toBe('opaque');
    expect(await auditCount()).toBe(0);
  });

  it('a page of a --cors-origin origin works', async () => {
    await page.goto(friendly.origin);
    const text = await fetchFromPage({ contentType: 'application/json', csrf: true });
    expect(JSON.parse(text).data.startAudit.id).toMatch(/\S/);
    expect(await auditCount()).toBe(1);
  });
});
