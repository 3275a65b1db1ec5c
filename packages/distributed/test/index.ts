/**
 * Test helpers of `@snowblind/distributed`, for its own tests and those of the packages that use
 * it (server, CLI) and the distributed bench: `import … from '@snowblind/distributed/testing'`.
 * Resolved only under the `source` condition (tests and tools run the sources); never in `dist`.
 */
export { expectRedisUnavailable } from './expect-redis-unavailable.js';
export { freePort, hasRedisServer, REDIS, redisMissing, startRedis, type TestRedis } from './redis-server.js';
export { spawnWorker, stop, type WorkerProcess } from './worker-process.js';
