import { isSnowblindError } from '@snowblind/core';
import type { Plugin } from 'graphql-yoga';
import { CompressedAssets } from './compressed-assets.js';
import { resolveDashboardDir, serveDashboard } from './dashboard.js';
import { NoiseImageCache } from './noise-cache.js';
import {
  NOISE_IMAGE_LIMITS,
  type NoiseImageLimits,
  type NoiseImages,
  serveArtifact,
  serveNoiseImage,
} from './noise-images.js';
import { NoiseRenderer } from './noise-renderer.js';

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Paths yoga answers itself; the dashboard never shadows them. */
const API_PATHS = new Set(['/graphql', '/health']);

/**
 * The plain GET routes beside /graphql: noise image PNGs, attribution artifacts and the built
 * dashboard (every other GET path; see {@link serveDashboard}).
 */
export function useSnowblindRoutes(options: {
  noiseCacheDir: string;
  /** @defaultValue {@link NOISE_IMAGE_LIMITS} */
  noiseImageLimits?: NoiseImageLimits;
  artifactsDir: string;
  /** Built dashboard folder; `null` for none. @defaultValue {@link resolveDashboardDir}() */
  dashboardDir?: string | null;
}): Plugin {
  const dashboardDir = resolveDashboardDir(options.dashboardDir);
  const compressed = new CompressedAssets();
  const limits = options.noiseImageLimits ?? NOISE_IMAGE_LIMITS;
  const noise: NoiseImages = {
    cache: new NoiseImageCache(options.noiseCacheDir, limits.maxCacheBytes),
    renderer: new NoiseRenderer(limits.renderTimeoutMs, limits.maxQueued),
    limits,
  };
  return {
    onDispose: () => noise.renderer.close(),
    async onRequest({ request, url, endResponse }) {
      const isNoise = url.pathname.startsWith('/images/noise/');
      const isArtifact = url.pathname.startsWith('/artifacts/');
      if (isNoise || isArtifact) {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(problem(405, 'METHOD_NOT_ALLOWED', 'use GET'));
          return;
        }
        try {
          endResponse(
            isNoise
              ? await serveNoiseImage(url.pathname, noise)
              : await serveArtifact(url.pathname, options.artifactsDir),
          );
        } catch (error) {
          if (isSnowblindError(error)) endResponse(problem(400, error.code, error.message));
          else {
            console.error('snowblind route failed:', error);
            endResponse(problem(500, 'INTERNAL', 'could not render the image'));
          }
        }
        return;
      }
      if (
        dashboardDir &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        !API_PATHS.has(url.pathname)
      ) {
        const response = await serveDashboard(url.pathname, dashboardDir, {
          acceptEncoding: request.headers.get('accept-encoding'),
          compressed,
        });
        // A missing asset is a JSON 404, never the app's HTML (a script tag would choke on it).
        endResponse(response ?? problem(404, 'NOT_FOUND', 'no such file'));
      }
    },
  };
}
