/**
 * The server's test helpers for other workspaces (`@snowblind/server/testing`, TypeScript sources
 * only, never in dist): what tools/bench needs to run a server as the tests do.
 */
import { fileURLToPath } from 'node:url';

export { ATTACKS, type Attack, aliased, query } from './attacks.js';
export { makeModelsRoot, tempDir } from './helpers.js';

/** `serve-child.ts`: a server in its own process (`node --conditions=source --import tsx <it> <dataDir> <modelsRoot>`). */
export const SERVE_CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
