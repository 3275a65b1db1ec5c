import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard package folder. */
export const DASHBOARD_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST_INDEX = join(DASHBOARD_ROOT, 'dist', 'index.html');
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Whether `dist/` is missing or older than any source file of the dashboard. */
export function distIsStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const built = statSync(DIST_INDEX).mtimeMs;
  return INPUTS.some((p) => existsSync(join(DASHBOARD_ROOT, p)) && newest(join(DASHBOARD_ROOT, p)) > built);
}

/** Build the dashboard with Vite when `dist/` is stale (about 2 s), so the server serves the current UI. */
export async function ensureDashboardBuilt(): Promise<void> {
  if (!distIsStale()) return;
  const { build } = await import('vite');
  // vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: React would be built in
  // development mode (StrictMode's double effects, no minification), not as `npm run build` does.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: DASHBOARD_ROOT,
      configFile: join(DASHBOARD_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
}
