import { isIP } from 'node:net';
import { SnowblindError } from '@snowblind/core';
import type { Plugin } from 'graphql-yoga';

/** Headers a browser may send cross-origin to an allowed origin's page. */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-graphql-yoga-csrf',
  'x-snowblind-csrf',
];

/** What yoga's `cors` option takes per request: CORS headers for an allowed origin, or none. */
type CorsDecision =
  | {
      origin: string[];
      credentials: boolean;
      methods: string[];
      allowedHeaders: string[];
      maxAge: number;
    }
  | false;

/**
 * `scheme://host[:port]` of a `--cors-origin` value, as browsers send it in `Origin`.
 * @throws SnowblindError `BAD_INPUT` for anything but an http(s) origin (`*` included)
 */
export function parseCorsOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin === 'null') {
    throw new SnowblindError('BAD_INPUT', `--cors-origin ${JSON.stringify(value)} is not an http(s) origin`, {
      hint: 'name each origin whose pages may call the API, e.g. --cors-origin https://app.example.com',
    });
  }
  return url.origin;
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (brackets allowed). */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '0:0:0:0:0:0:0:1';
}

/** The request's own origin's host (`host[:port]`, from the Host header). */
function ownHost(request: Request): string {
  return new URL(request.url).host;
}

/** True when `origin` is the page the request came from and that page may call the API. */
function allowedOrigin(origin: string, request: Request, corsOrigins: ReadonlySet<string>): boolean {
  if (corsOrigins.has(origin)) return true;
  try {
    // Same host and port: the dashboard served by this server. The scheme is not compared, so
    // a TLS proxy that keeps the Host header works without --cors-origin.
    return new URL(origin).host === ownHost(request);
  } catch {
    return false; // `null` (sandboxed frames, file://) and garbage
  }
}

/**
 * yoga's `cors` option: CORS headers (with credentials) only for the server's own origin and
 * the named `corsOrigins`; a foreign origin's preflight gets none, so the browser refuses it.
 */
export function corsPolicy(corsOrigins: readonly string[]): (request: Request) => CorsDecision {
  const named = new Set(corsOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowedOrigin(origin, request, named)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      maxAge: 600,
    };
  };
}

function forbidden(message: string, hint: string): Response {
  return Response.json({ error: { code: 'FORBIDDEN', message, hint } }, { status: 403 });
}

/**
 * Refuse, before anything is parsed, (1) a request whose `Origin` is neither the server's own nor
 * named in `corsOrigins`: a foreign web page cannot drive the API even with a request a browser
 * sends without preflight; (2) with `loopbackOnly`, a request whose `Host` is not a loopback
 * name: a DNS-rebound page (its own name resolving to 127.0.0.1) is same-origin to itself but
 * never has a loopback Host. Requests without `Origin` (the CLI, curl) pass (1).
 */
export function useOriginPolicy(options: { corsOrigins: readonly string[]; loopbackOnly: boolean }): Plugin {
  const named = new Set(options.corsOrigins);
  return {
    onRequest({ request, endResponse }) {
      if (options.loopbackOnly && !isLoopbackHost(new URL(request.url).hostname)) {
        endResponse(
          forbidden(
            'this server answers only to localhost',
            'open it as http://localhost:<port> or http://127.0.0.1:<port>',
          ),
        );
        return;
      }
      const origin = request.headers.get('origin');
      if (origin !== null && !allowedOrigin(origin, request, named)) {
        endResponse(
          forbidden(
            `requests from pages of ${origin} are not allowed`,
            'start the server with --cors-origin <origin> to allow that site',
          ),
        );
      }
    },
  };
}
