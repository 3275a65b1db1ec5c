/**
 * Servers for tests: a fresh data folder, the test models root of {@link makeModelsRoot} unless
 * `options` name one, and no token; anything in `options` overrides these.
 */
import {
  createServer,
  type RunningServer,
  type ServerOptions,
  type SnowblindServer,
  type StartServerOptions,
  startServer,
} from '../src/server.js';
import { makeModelsRoot, tempDir } from './helpers.js';

async function testOptions<T extends Partial<ServerOptions>>(options: T): Promise<ServerOptions & T> {
  return {
    dataDir: tempDir(),
    token: null,
    ...options,
    modelsRoot: options.modelsRoot ?? (await makeModelsRoot()),
  };
}

/** An in-process server (requests through its `fetch`). */
export async function testServer(options: Partial<ServerOptions> = {}): Promise<SnowblindServer> {
  return createServer(await testOptions(options));
}

/** A server on a free loopback port that logs nothing. */
export async function testSocketServer(options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  return startServer(await testOptions({ port: 0, log: () => {}, ...options }));
}
