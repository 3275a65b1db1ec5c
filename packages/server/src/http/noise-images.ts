import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSnowblindError, type NoiseSpec, type ResolvedNoiseSpec, validateNoiseSpec } from '@snowblind/core';
import type { NoiseImageCache } from './noise-cache.js';
import { type NoiseRenderer, RenderUnavailable } from './noise-renderer.js';

/** Route prefix of noise images: `/images/noise/<base64url spec JSON>/<index>.png`. */
export const NOISE_ROUTE = '/images/noise/';
const MAX_INDEX = 1_000_000_000;

/**
 * What one noise image request may cost. Images render in a worker thread, one at a time (a
 * 1024² image renders and encodes in about 0.15 s); these bound each one and the queue.
 */
export interface NoiseImageLimits {
  /** Largest width or height rendered. */
  readonly maxSide: number;
  /**
   * Random values a `numpy`-rng image may replay to reach its index (that stream is
   * sequential: image i costs i × width × height × channels draws): 2^27 is 0.5–2 s.
   */
  readonly maxReplayValues: number;
  /** Longest a render may take before it is abandoned (`RENDER_TIMEOUT`, HTTP 503). */
  readonly renderTimeoutMs: number;
  /** Renders that may wait for the render thread; more are refused (`BUSY`, HTTP 503). */
  readonly maxQueued: number;
  /** Bytes the PNG cache may hold; the least recently used files go first. */
  readonly maxCacheBytes: number;
}

/** Default {@link NoiseImageLimits}. */
export const NOISE_IMAGE_LIMITS: NoiseImageLimits = Object.freeze({
  maxSide: 1024,
  maxReplayValues: 2 ** 27,
  renderTimeoutMs: 5000,
  maxQueued: 32,
  maxCacheBytes: 256 * 1024 * 1024,
});

/** What the noise image route works with. */
export interface NoiseImages {
  readonly cache: NoiseImageCache;
  readonly renderer: NoiseRenderer;
  readonly limits: NoiseImageLimits;
}

/** The URL path of image `index` of `spec` (the spec is in the URL: image i of a spec is deterministic). */
export function noiseImagePath(spec: NoiseSpec, index: number): string {
  return `${NOISE_ROUTE}${Buffer.from(JSON.stringify(spec)).toString('base64url')}/${index}.png`;
}

function problem(status: number, code: string, message: string, hint?: string): Response {
  return Response.json({ error: hint ? { code, message, hint } : { code, message } }, { status });
}

/** Why (spec, index) costs more than the limits allow, or undefined. */
function overLimits(spec: ResolvedNoiseSpec, index: number, limits: NoiseImageLimits): Response | undefined {
  if (spec.width > limits.maxSide || spec.height > limits.maxSide) {
    return problem(
      400,
      'BAD_INPUT',
      `noise images are served up to ${limits.maxSide}×${limits.maxSide}; this one is ${spec.width}×${spec.height}`,
      'ask for a smaller width and height, or render large noise with the core API (noiseImage)',
    );
  }
  const replay = index * spec.width * spec.height * spec.channels;
  if (spec.rng === 'numpy' && replay > limits.maxReplayValues) {
    return problem(
      400,
      'BAD_INPUT',
      `image ${index} of a numpy-rng spec replays ${replay} random values; the limit is ${limits.maxReplayValues}`,
      'numpy-rng images are sequential: use rng default for random access, or a smaller index',
    );
  }
  return undefined;
}

/**
 * Serve a noise image as PNG: rendered on first request from (spec, index) within the limits,
 * off the request thread, then read from the cache.
 */
export async function serveNoiseImage(
  pathname: string,
  { cache, renderer, limits }: NoiseImages,
): Promise<Response> {
  const match = /^\/images\/noise\/([A-Za-z0-9_-]{1,4096})\/(\d{1,10})\.png$/.exec(pathname);
  if (!match) return problem(404, 'NOT_FOUND', 'no such image');
  const index = Number(match[2]);
  if (index > MAX_INDEX) return problem(400, 'BAD_INPUT', `index must be ≤ ${MAX_INDEX}`);
  let spec: ResolvedNoiseSpec;
  try {
    spec = validateNoiseSpec(JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')));
  } catch (error) {
    const code = isSnowblindError(error) ? error.code : 'BAD_INPUT';
    const message = isSnowblindError(error) ? error.message : 'the image URL does not hold a noise spec';
    return problem(400, code, message);
  }
  const refused = overLimits(spec, index, limits);
  if (refused) return refused;
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
  let png = await cache.get(key, index);
  if (!png) {
    try {
      png = await renderer.render(spec, index);
    } catch (error) {
      if (!(error instanceof RenderUnavailable)) throw error;
      return problem(503, error.code, error.message, error.hint);
    }
    await cache.put(key, index, png);
  }
  return new Response(png as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable' },
  });
}

/** Serve an attribution PNG from the artifacts folder. */
export async function serveArtifact(pathname: string, artifactsDir: string): Promise<Response> {
  const match = /^\/artifacts\/([A-Za-z0-9-]{1,100}\.png)$/.exec(pathname);
  if (!match) return problem(404, 'NOT_FOUND', 'no such artifact');
  const file = join(artifactsDir, match[1]!);
  if (!existsSync(file)) return problem(404, 'NOT_FOUND', 'no such artifact');
  return new Response((await readFile(file)) as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': 'image/png' },
  });
}
