import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { CompressedAssets, MIN_COMPRESSED_BYTES, pickCoding } from './compressed-assets.js';

/**
 * Environment variable naming the built dashboard folder (`apps/dashboard/dist`); `off` (or an
 * empty string) serves no dashboard. `snowblind serve --dashboard-dir` / `--no-dashboard` set it.
 */
export const DASHBOARD_DIR_ENV = 'SNOWBLIND_DASHBOARD_DIR';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Text types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

/** How a request is answered beyond its path. */
export interface ServeDashboardOptions {
  /** The request's `Accept-Encoding`: text files go as brotli or gzip when it allows. */
  readonly acceptEncoding?: string | null;
  /** Where compressed copies are kept between requests. @defaultValue a cache per call (none kept) */
  readonly compressed?: CompressedAssets;
}

/**
 * A file's response: brotli or gzip for a text type the client accepts (with `Vary:
 * Accept-Encoding`, so caches keep one copy per coding), as it is otherwise.
 */
async function fileResponse(file: string, headers: Record<string, string>, options: ServeDashboardOptions) {
  const body = (await readFile(file)) as Uint8Array<ArrayBuffer>;
  if (!COMPRESSIBLE.has(extname(file))) return new Response(body, { headers });
  const vary = { ...headers, vary: 'Accept-Encoding' };
  const coding = pickCoding(options.acceptEncoding);
  if (coding === 'identity' || body.byteLength < MIN_COMPRESSED_BYTES)
    return new Response(body, { headers: vary });
  const { mtimeMs, size } = statSync(file);
  const cache = options.compressed ?? new CompressedAssets();
  const compressed = await cache.get(file, `${size}:${mtimeMs}`, body, coding);
  return new Response(compressed as Uint8Array<ArrayBuffer>, {
    headers: { ...vary, 'content-encoding': coding },
  });
}

/**
 * Where the built dashboard is: `dir` if given (`null` = none), else `$SNOWBLIND_DASHBOARD_DIR`,
 * else the `dist` folder of the `@snowblind/dashboard` workspace package when it is installed.
 * The folder need not exist yet: then `/` explains how to build it.
 */
export function resolveDashboardDir(dir?: string | null): string | null {
  if (dir !== undefined) return dir === null ? null : resolve(dir);
  const fromEnv = process.env[DASHBOARD_DIR_ENV];
  if (fromEnv !== undefined) return fromEnv === '' || fromEnv === 'off' ? null : resolve(fromEnv);
  try {
    const pkg = createRequire(import.meta.url).resolve('@snowblind/dashboard/package.json');
    return join(dirname(pkg), 'dist');
  } catch {
    return null;
  }
}

function notBuilt(dir: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snowblind</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>snowblind</h1>
<p>The GraphQL API is running at <a href="/graphql"><code>/graphql</code></a>, but the dashboard has not been built:
<code>${dir.replace(/[<>&]/g, '')}</code> has no <code>index.html</code>.</p>
<p>Build it from the repository root, then reload this page:</p>
<pre style="background:#f0f2f5;padding:0.75rem">npm run build -w @snowblind/dashboard</pre>
</body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * Serve the built single-page dashboard: files under `dir` as they are (hashed assets cached for
 * a year), `index.html` for `/` and for any other extension-less path outside `/assets/` (the
 * app's client routes, `/audits/<id>` and its sample pages, so a reload or a bookmark opens
 * them); never a file outside `dir`. Text files go compressed when the client accepts brotli or
 * gzip (see {@link ServeDashboardOptions}).
 *
 * @returns the response, or null for a missing file (a path with an extension, or anything under
 * `/assets/`): the caller answers 404 rather than an HTML page a script tag would choke on
 */
export async function serveDashboard(
  pathname: string,
  dir: string,
  options: ServeDashboardOptions = {},
): Promise<Response | null> {
  const index = join(dir, 'index.html');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = resolve(dir, `.${decoded}`);
  const inside = file === resolve(dir) || file.startsWith(resolve(dir) + sep);
  if (inside && extname(file) && existsSync(file) && statSync(file).isFile()) {
    const immutable = decoded.startsWith('/assets/');
    return fileResponse(
      file,
      {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      options,
    );
  }
  if (extname(decoded) || decoded.startsWith('/assets/')) return null; // a missing file, not a route
  if (!existsSync(index)) return notBuilt(dir);
  return fileResponse(index, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' }, options);
}
