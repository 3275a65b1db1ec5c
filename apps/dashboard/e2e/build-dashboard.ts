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
  await build({ root: DASHBOARD_ROOT, configFile: join(DASHBOARD_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
