import { SnowblindError } from '@snowblind/core';
import { Redis } from 'ioredis';
import { distributedError } from './errors.js';

/** How long the first contact with Redis may take before {@link connectRedis} gives up. */
export const REDIS_CONNECT_TIMEOUT_MS = 3000;

/** Reconnection attempts of a live connection before it is given up (about 30 s in all). */
const MAX_RECONNECTS = 20;

/** A Redis URL with any password replaced by `***`, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<invalid URL>';
  }
}

/** Check that `url` is a `redis://` or `rediss://` URL. */
export function parseRedisUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SnowblindError('BAD_INPUT', `"${url}" is not a Redis URL`, {
      hint: 'pass a URL like redis://127.0.0.1:6379 (or rediss:// for TLS)',
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SnowblindError('BAD_INPUT', `"${redactRedisUrl(url)}" is not a Redis URL`, {
      hint: 'pass a URL like redis://127.0.0.1:6379 (or rediss:// for TLS)',
    });
  }
  return parsed;
}

function unavailable(url: string, cause: unknown): SnowblindError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return distributedError('REDIS_UNAVAILABLE', `cannot reach Redis at ${redactRedisUrl(url)}: ${why}`, {
    hint: 'start Redis (Debian: apt-get install redis-server; redis-server --port 6379) or pass the right --redis URL',
    cause,
  });
}

/**
 * Open a connection to `url` and check it with PING, failing fast: one attempt bounded by
 * {@link REDIS_CONNECT_TIMEOUT_MS}, then `REDIS_UNAVAILABLE`. Once connected, the connection
 * rides out short Redis restarts (bounded reconnects) as BullMQ expects
 * (`maxRetriesPerRequest: null`); past them it ends and BullMQ's calls fail.
 *
 * @throws SnowblindError `BAD_INPUT` for a malformed URL, `REDIS_UNAVAILABLE` when Redis does not answer.
 */
export async function connectRedis(url: string, timeoutMs = REDIS_CONNECT_TIMEOUT_MS): Promise<Redis> {
  parseRedisUrl(url);
  let connected = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Before the first success: no retry (fail fast). After: back off, then give up.
    retryStrategy: (times) => (!connected || times > MAX_RECONNECTS ? null : Math.min(times * 100, 2000)),
  });
  // ioredis reports connection errors as events too; without a listener Node would log them.
  redis.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    connected = true;
    return redis;
  } catch (error) {
    redis.disconnect();
    throw unavailable(url, error);
  } finally {
    clearTimeout(timer);
  }
}
