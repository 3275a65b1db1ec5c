import type { Redis } from 'ioredis';
import { redactRedisUrl } from './redis.js';

/** What {@link watchConnection} reports. */
export interface ConnectionWatch {
  /** True from a lost connection until it is back. */
  readonly down: () => boolean;
  /** Stop watching (before closing the connection on purpose). */
  readonly stop: () => void;
}

/** Errors a reconnecting client emits on every failed attempt: said once by the watch instead. */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/.test(code)) ||
    /Connection is closed|connect ETIMEDOUT|Socket closed unexpectedly/.test(error.message)
  );
}

/**
 * Log one line when the connection to Redis drops and one when it is back (ioredis reconnects on
 * its own, with the client's `retryStrategy`), instead of an error per reconnection attempt.
 */
export function watchConnection(redis: Redis, url: string, log: (line: string) => void): ConnectionWatch {
  let lostAt: number | undefined;
  const onClose = () => {
    if (lostAt !== undefined) return;
    lostAt = performance.now();
    log(`lost the connection to Redis at ${redactRedisUrl(url)}; reconnecting until it is back`);
  };
  const onReady = () => {
    if (lostAt === undefined) return;
    const seconds = (performance.now() - lostAt) / 1000;
    lostAt = undefined;
    log(`reconnected to Redis at ${redactRedisUrl(url)} after ${seconds.toFixed(1)} s`);
  };
  redis.on('close', onClose);
  redis.on('ready', onReady);
  return {
    down: () => lostAt !== undefined,
    stop: () => {
      redis.off('close', onClose);
      redis.off('ready', onReady);
    },
  };
}
