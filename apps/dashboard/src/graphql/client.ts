import { createClient as createSseClient } from 'graphql-sse';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';

/** Where the API lives: same origin as the dashboard (`snowblind serve` serves both). */
export const GRAPHQL_PATH = '/graphql';

/**
 * Build the urql client: queries and mutations over fetch (multipart for uploads),
 * subscriptions over Server-Sent Events with graphql-sse in distinct-connections mode, which
 * is what graphql-yoga speaks.
 *
 * @param token - bearer token for mutations when the server was started with one
 * @param base - origin of the API @defaultValue the page's origin
 */
export function createGraphqlClient(token: string | null, base = globalThis.location?.origin ?? ''): Client {
  const url = `${base}${GRAPHQL_PATH}`;
  const headers: Record<string, string> = {
    // Multipart uploads are not preflighted, so yoga's CSRF prevention asks for this header.
    'x-graphql-yoga-csrf': '1',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const sse = createSseClient({ url, singleConnection: false, headers });
  return new Client({
    url,
    preferGetMethod: false,
    fetchOptions: { headers },
    exchanges: [
      cacheExchange,
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
