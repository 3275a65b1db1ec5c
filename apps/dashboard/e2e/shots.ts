import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_ROOT } from './build-dashboard.js';

/**
 * Where the end-to-end tests save screenshots: a temp folder on every run; `UPDATE_SCREENSHOTS=1`
 * writes the README's committed ones instead (so a test run never dirties the work tree).
 */
export const SHOTS = process.env['UPDATE_SCREENSHOTS']
  ? join(DASHBOARD_ROOT, 'screenshots')
  : mkdtempSync(join(tmpdir(), 'snowblind-dashboard-shots-'));
