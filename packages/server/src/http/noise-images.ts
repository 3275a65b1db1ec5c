import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng, isSnowblindError, type NoiseSpec, noiseImage, validateNoiseSpec } from '@snowblind/core';

/** Route prefix of noise images: `/images/noise/<base64url spec JSON>/<index>.png`. */
export const NOISE_ROUTE = '/images/noise/';
const MAX_INDEX = 1_000_000_000;

/** The URL path of image `index` of `spec` (the spec is in the URL: image i of a spec is deterministic). */
export function noiseImagePath(spec: NoiseSpec, index: number): string {
  return `${NOISE_ROUTE}${Buffer.from(JSON.stringify(spec)).toString('base64url')}/${index}.png`;
}

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * Serve a noise image as PNG: rendered on first request from (spec, index), then read from the
 * cache folder (`<cacheDir>/<sha256 of the resolved spec>/<index>.png`).
 */
export async function serveNoiseImage(pathname: string, cacheDir: string): Promise<Response> {
  const match = /^\/images\/noise\/([A-Za-z0-9_-]{1,4096})\/(\d{1,10})\.png$/.exec(pathname);
  if (!match) return problem(404, 'NOT_FOUND', 'no such image');
  const index = Number(match[2]);
  if (index > MAX_INDEX) return problem(400, 'BAD_INPUT', `index must be ≤ ${MAX_INDEX}`);
  let spec: NoiseSpec;
  try {
    spec = validateNoiseSpec(JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'))) as NoiseSpec;
  } catch (error) {
    const code = isSnowblindError(error) ? error.code : 'BAD_INPUT';
    const message = isSnowblindError(error) ? error.message : 'the image URL does not hold a noise spec';
    return problem(400, code, message);
  }
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
  const file = join(cacheDir, key, `${index}.png`);
  let png: Uint8Array;
  if (existsSync(file)) png = await readFile(file);
  else {
    png = await encodePng(noiseImage(spec, index));
    await mkdir(join(cacheDir, key), { recursive: true });
    // Write then rename: a concurrent reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, png);
    await rename(tmp, file);
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
