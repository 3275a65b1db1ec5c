import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type NoiseSpec, noiseImage } from '@snowblind/core';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { createServer, type SnowblindServer } from '../server.js';
import { NoiseImageCache } from './noise-cache.js';
import { type NoiseImageLimits, noiseImagePath } from './noise-images.js';
import { NoiseRenderer } from './noise-renderer.js';

const servers: SnowblindServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function serverWith(limits: Partial<NoiseImageLimits> = {}): { server: SnowblindServer; cacheDir: string } {
  const dataDir = tempDir();
  const server = createServer({ dataDir, token: null, dashboardDir: null, noiseImageLimits: limits });
  servers.push(server);
  return { server, cacheDir: join(dataDir, 'cache', 'noise') };
}

async function get(server: SnowblindServer, spec: NoiseSpec, index: number) {
  const response = await server.fetch(new Request(`http://127.0.0.1${noiseImagePath(spec, index)}`));
  const bytes = new Uint8Array(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json')
    ? (JSON.parse(new TextDecoder().decode(bytes)) as {
        error: { code: string; message: string; hint?: string };
      })
    : undefined;
  return { status: response.status, bytes, error: json?.error };
}

/** Every PNG under the cache folder. */
function cachedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((key) => readdirSync(join(dir, key)).map((name) => join(key, name)));
}

describe('/images/noise limits', () => {
  it('renders an image within the limits off the request thread, equal to core', async () => {
    const { server } = serverWith();
    const spec: NoiseSpec = { kind: 'gaussian', seed: 4, width: 16, height: 12 };
    const r = await get(server, spec, 7);
    expect(r.status).toBe(200);
    expect(r.bytes).toEqual(await encodePng(noiseImage(spec, 7)));
  });

  it('refuses an image over the side limit with a coded 400 and renders nothing', async () => {
    const { server, cacheDir } = serverWith();
    for (const [width, height] of [
      [4096, 4096],
      [1025, 8],
      [8, 1025],
    ] as const) {
      const r = await get(server, { kind: 'uniform', seed: 1, width, height }, 0);
      expect(r.status).toBe(400);
      expect(r.error?.code).toBe('BAD_INPUT');
      expect(r.error?.message).toBe(
        `noise images are served up to 1024×1024; this one is ${width}×${height}`,
      );
      expect(r.error?.hint).toBeTruthy();
    }
    expect(cachedFiles(cacheDir)).toEqual([]);
  });

  it('refuses a numpy-rng index whose replay is over the limit, serves one under it', async () => {
    const { server } = serverWith({ maxReplayValues: 28 * 28 * 10 });
    const spec: NoiseSpec = { kind: 'uniform', seed: 0, width: 28, height: 28, channels: 1, rng: 'numpy' };
    expect((await get(server, spec, 10)).status).toBe(200);
    const far = await get(server, spec, 11);
    expect(far.status).toBe(400);
    expect(far.error?.message).toBe(
      'image 11 of a numpy-rng spec replays 8624 random values; the limit is 7840',
    );
    // The default rng has random access: any index costs one image.
    expect((await get(server, { ...spec, rng: 'default' }, 1_000_000)).status).toBe(200);
  });

  it('abandons a render over the time limit with RENDER_TIMEOUT', async () => {
    // 1 ms: less than the render thread needs even to start.
    const { server } = serverWith({ renderTimeoutMs: 1 });
    const r = await get(server, { kind: 'uniform', seed: 2, width: 1024, height: 1024 }, 0);
    expect(r.status).toBe(503);
    expect(r.error?.code).toBe('RENDER_TIMEOUT');
  });

  it('refuses renders past the queue limit with BUSY', async () => {
    const { server } = serverWith({ maxQueued: 1 });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        get(server, { kind: 'uniform', seed: i, width: 64, height: 64 }, 0),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === 503).map((r) => r.error?.code)).toContain('BUSY');
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('keeps the cache under its byte cap, dropping the least recently used', async () => {
    const spec = (seed: number): NoiseSpec => ({ kind: 'uniform', seed, width: 32, height: 32 });
    const size = (await encodePng(noiseImage(spec(0), 0))).byteLength;
    const { server, cacheDir } = serverWith({ maxCacheBytes: Math.floor(size * 3.5) });
    for (const seed of [0, 1, 2]) expect((await get(server, spec(seed), 0)).status).toBe(200);
    expect(cachedFiles(cacheDir)).toHaveLength(3);
    await get(server, spec(0), 0); // a hit: seed 0 is now the most recently used
    await get(server, spec(3), 0);
    await get(server, spec(4), 0);
    const left = cachedFiles(cacheDir);
    expect(left).toHaveLength(3);
    // Seeds 1 and 2 went; 0 (read again), 3 and 4 stay, and still answer the same bytes.
    for (const seed of [0, 3, 4]) {
      const r = await get(server, spec(seed), 0);
      expect(r.bytes).toEqual(await encodePng(noiseImage(spec(seed), 0)));
    }
    expect(cachedFiles(cacheDir)).toHaveLength(3);
  });
});

describe('NoiseImageCache', () => {
  it('brings a cache a previous process left over the cap under it, oldest first', async () => {
    const dir = tempDir();
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      mkdirSync(join(dir, key));
      writeFileSync(join(dir, key, '0.png'), new Uint8Array(1000));
      utimesSync(join(dir, key, '0.png'), 1_000 + i, 1_000 + i);
    }
    const cache = new NoiseImageCache(dir, 2500);
    expect(cache.bytes).toBe(3000);
    await cache.put('d', 0, new Uint8Array(500));
    expect(cache.bytes).toBe(2500);
    expect(cachedFiles(dir).sort()).toEqual(['b/0.png', 'c/0.png', 'd/0.png']);
    expect(await cache.get('a', 0)).toBeUndefined();
    expect((await cache.get('b', 0))?.byteLength).toBe(1000);
    await cache.put('e', 0, new Uint8Array(4000)); // bigger than the cap: not kept
    expect(cachedFiles(dir)).toHaveLength(3);
  });
});

describe('NoiseRenderer', () => {
  it('renders queued requests in order and passes the worker’s coded errors on', async () => {
    const renderer = new NoiseRenderer(60_000, 8);
    try {
      const specs: NoiseSpec[] = [0, 1, 2].map((seed) => ({ kind: 'gaussian', seed, width: 8, height: 8 }));
      const pngs = await Promise.all(specs.map((spec) => renderer.render(spec, 3)));
      for (const [i, spec] of specs.entries()) expect(pngs[i]).toEqual(await encodePng(noiseImage(spec, 3)));
      await expect(renderer.render({ kind: 'snow', seed: 0 } as NoiseSpec, 0)).rejects.toMatchObject({
        code: 'UNKNOWN_NOISE_KIND',
      });
    } finally {
      await renderer.close();
    }
  });
});
