import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@snowblind/server';
import { ensureDashboardBuilt } from './build-dashboard.js';

/** The repository's built-in models (the Fashion-MNIST nets, squeezenet1.1). */
export const MODELS_ROOT = fileURLToPath(new URL('../../../models', import.meta.url));

/**
 * Build the dashboard if its sources changed, then start a server in this process on a free
 * loopback port over a fresh data dir (`snowblind-e2e-<name>-…`), with no token.
 *
 * @returns the server and the dashboard's URL (`http://127.0.0.1:<port>/`)
 */
export async function startDashboardServer(name: string): Promise<{ server: RunningServer; base: string }> {
  await ensureDashboardBuilt();
  const { startServer } = await import('@snowblind/server');
  const server = await startServer({
    dataDir: mkdtempSync(join(tmpdir(), `snowblind-e2e-${name}-`)),
    modelsRoot: MODELS_ROOT,
    port: 0,
    host: '127.0.0.1',
    token: null,
    log: () => {},
  });
  return { server, base: server.url.replace(/\/graphql$/, '/') };
}
