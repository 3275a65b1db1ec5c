import { createClient as createSseClient } from 'graphql-sse';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import type { ConnectionMonitor } from '../lib/connection-monitor.js';

/** Wait before reconnect number `retries` (from 0) of a broken stream: 0.5 s, 1 s, 2 s, then 4 s. */
const streamRetry = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 4000)));

/** Where the API lives: same origin as the dashboard (`snowblind serve` serves both). */
export const GRAPHQL_PATH = '/graphql';

/**
 * Build the urql client: queries and mutations over fetch (multipart for uploads),
 * subscriptions over Server-Sent Events with graphql-sse in distinct-connections mode, which
 * is what graphql-yoga speaks. A broken stream tries to reconnect for about 15 s before it
 * reports its error (pages subscribe again once the server is back), and every network failure
 * is reported to `connection`, which tells the pages the server is gone.
 *
 * @param token - bearer token for mutations when the server was started with one
 * @param base - origin of the API @defaultValue the page's origin
 * @param connection - told about network failures of requests and streams
 */
export function createGraphqlClient(
  token: string | null,
  base = globalThis.location?.origin ?? '',
  connection?: ConnectionMonitor,
): Client {
  const url = `${base}${GRAPHQL_PATH}`;
  const headers: Record<string, string> = {
    // Multipart uploads are not preflighted, so yoga's CSRF prevention asks for this header.
    'x-graphql-yoga-csrf': '1',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const sse = createSseClient({
    url,
    singleConnection: false,
    headers,
    retryAttempts: 6,
    retry: streamRetry,
    on: { connecting: (reconnecting) => (reconnecting ? connection?.reportFailure() : undefined) },
  });
  return new Client({
    url,
    preferGetMethod: false,
    fetchOptions: { headers },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (error.networkError) connection?.reportFailure();
        },
      }),
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = sse.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });
}
