import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Event streams (SSE subscriptions) a listening server keeps open at once by default. */
export const MAX_EVENT_STREAMS = 256;

const isEventStream = (request: IncomingMessage): boolean =>
  (request.headers.accept ?? '').includes('text/event-stream');

/**
 * `listener` with at most `max` event streams open at once: each subscription holds a socket and a
 * pubsub listener for as long as the client keeps it, so an unbounded number of them is a cheap
 * way to exhaust the server. Past the cap a new stream is answered 503 `BUSY` before it reaches
 * yoga; ordinary requests are not counted.
 */
export function capEventStreams(listener: RequestListener, max: number = MAX_EVENT_STREAMS): RequestListener {
  let open = 0;
  return (request: IncomingMessage, response: ServerResponse) => {
    if (!isEventStream(request)) return listener(request, response);
    if (open >= max) {
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
      response.end(
        JSON.stringify({
          errors: [
            {
              message: `this server keeps at most ${max} live subscriptions open`,
              extensions: {
                code: 'BUSY',
                hint: 'close other dashboards or subscriptions, or poll the query instead',
              },
            },
          ],
        }),
      );
      return;
    }
    open++;
    response.once('close', () => {
      open--;
    });
    return listener(request, response);
  };
}
