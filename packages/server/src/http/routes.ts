import { isSnowblindError } from '@snowblind/core';
import type { Plugin } from 'graphql-yoga';
import { serveArtifact, serveNoiseImage } from './noise-images.js';

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * The plain GET routes beside /graphql: noise image PNGs and attribution artifacts.
 */
export function useSnowblindRoutes(options: { noiseCacheDir: string; artifactsDir: string }): Plugin {
  return {
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
              ? await serveNoiseImage(url.pathname, options.noiseCacheDir)
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
    },
  };
}
