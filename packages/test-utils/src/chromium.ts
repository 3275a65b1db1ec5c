import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** What {@link chromiumMissing} is about, as skip and failure messages name it. */
export const CHROMIUM_NAME = "Debian's Chromium";

/** Debian's Chromium (`apt-get install chromium`); the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests (dashboard end to end, CORS) cannot run, or null when they can. */
export const chromiumMissing: string | null = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is absent: install Debian's chromium (bash scripts/install-test-deps.sh) to run the browser tests`;

/**
 * Start headless Chromium with a fresh profile. The flags keep it off the network: without the
 * background-networking ones it keeps trying hosts this closed machine cannot reach.
 */
export async function launchChromium(): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'snowblind-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
}
