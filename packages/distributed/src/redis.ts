import { SnowblindError } from '@snowblind/core';
import { Redis } from 'ioredis';
import { type DistributedErrorCode, distributedError } from './errors.js';

/** How long the first contact with Redis may take before {@link connectRedis} gives up. */
export const REDIS_CONNECT_TIMEOUT_MS = 3000;

/**
 * Longest pause between two reconnection attempts: BullMQ's own strategy for the connections it
 * makes (exponential backoff, at least 1 s, at most 20 s; see its "Going to production" guide).
 */
export const RECONNECT_MAX_DELAY_MS = 20_000;

/** How a live connection behaves when Redis goes away. */
export interface ReconnectPolicy {
  /**
   * Give up (the connection ends and pending calls fail) once reconnection attempts have waited
   * this long in all; `Infinity` keeps trying forever, as BullMQ workers should.
   * @defaultValue `Infinity`
   */
  readonly giveUpAfterMs?: number;
  /** Longest pause between attempts. @defaultValue {@link RECONNECT_MAX_DELAY_MS} */
  readonly maxDelayMs?: number;
}

/** Pause before reconnection attempt `times` (1, 2, …): `e^times` ms within [1 s, `maxDelayMs`]. */
export function reconnectDelay(times: number, maxDelayMs = RECONNECT_MAX_DELAY_MS): number {
  return Math.min(Math.max(Math.exp(times), 1000), maxDelayMs);
}

/** The pause before attempt `times`, or null once the attempts so far waited `giveUpAfterMs`. */
function retryDelay(times: number, policy: ReconnectPolicy): number | null {
  const giveUp = policy.giveUpAfterMs ?? Number.POSITIVE_INFINITY;
  let waited = 0;
  for (let k = 1; k < times && waited < giveUp; k++) waited += reconnectDelay(k, policy.maxDelayMs);
  return waited >= giveUp ? null : reconnectDelay(times, policy.maxDelayMs);
}

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

function unavailable(url: string, cause: unknown): SnowblindError<DistributedErrorCode> {
  const why = cause instanceof Error ? cause.message : String(cause);
  return distributedError('REDIS_UNAVAILABLE', `cannot reach Redis at ${redactRedisUrl(url)}: ${why}`, {
    hint: 'start Redis (Debian: apt-get install redis-server; redis-server --port 6379) or pass the right --redis URL',
    cause,
  });
}

/**
 * Open a connection to `url` and check it with PING, failing fast: one attempt bounded by
 * `timeoutMs`, then `REDIS_UNAVAILABLE`. Once connected, the connection reconnects with backoff
 * as `reconnect` says (by default forever, BullMQ's advice for workers) and keeps calls waiting
 * meanwhile (`maxRetriesPerRequest: null`); a connection that gives up emits `end`.
 *
 * @throws SnowblindError `BAD_INPUT` for a malformed URL, `REDIS_UNAVAILABLE` when Redis does not answer.
 */
export async function connectRedis(
  url: string,
  {
    timeoutMs = REDIS_CONNECT_TIMEOUT_MS,
    reconnect = {},
  }: { timeoutMs?: number; reconnect?: ReconnectPolicy } = {},
): Promise<Redis> {
  parseRedisUrl(url);
  let connected = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Before the first success: no retry (fail fast). After: back off as the policy says. BullMQ's
    // blocking connections are duplicates of this one and share the strategy.
    retryStrategy: (times) => (connected ? retryDelay(times, reconnect) : null),
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
