import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';

function tooLarge(limit: number): GraphQLError {
  return new GraphQLError(`the request body is over the limit of ${limit} bytes`, {
    extensions: {
      code: 'PAYLOAD_TOO_LARGE',
      hint: 'send a shorter query or smaller variables; files go as multipart uploads',
      http: { status: 413 },
    },
  });
}

/**
 * The request with a body that errors as soon as more than `limit` bytes have arrived. yoga may
 * hand a native or a ponyfill stream; each pipes only through a TransformStream of its kind.
 */
function capped(request: Request, limit: number, fetchAPI: FetchAPI): Request {
  let seen = 0;
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    // @ts-expect-error Node's fetch needs `duplex` for a stream body; lib.dom does not know it
    duplex: 'half',
  });
}

/**
 * Limit the body of every request but multipart uploads (which yoga's `maxRequestBodySize`
 * and `readUpload` bound) to `limit` bytes: a declared `Content-Length` over it is refused
 * before reading, a chunked body as soon as it passes it. `PAYLOAD_TOO_LARGE`, HTTP 413.
 */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const type = request.headers.get('content-type')?.toLowerCase() ?? '';
      if (type.startsWith('multipart/form-data') || request.body === null) return;
      const declared = Number(request.headers.get('content-length'));
      if (declared > limit) throw tooLarge(limit);
      if (requestParser) setRequestParser((req) => requestParser(capped(req, limit, fetchAPI)));
    },
  };
}
