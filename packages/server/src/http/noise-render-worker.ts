/**
 * The noise image render thread: (spec, index) in, PNG bytes out, one message at a time. See
 * {@link NoiseRenderer}.
 */
import { parentPort } from 'node:worker_threads';
import { encodePng, isSnowblindError, type NoiseSpec, noiseImage } from '@snowblind/core';

/** A render request. */
export interface RenderRequest {
  readonly id: number;
  readonly spec: NoiseSpec;
  readonly index: number;
}

/** Its answer: the PNG, or a coded error. */
export type RenderReply =
  | { readonly id: number; readonly png: Uint8Array }
  | { readonly id: number; readonly error: { code: string; message: string } };

parentPort?.on('message', async ({ id, spec, index }: RenderRequest) => {
  let reply: RenderReply;
  try {
    reply = { id, png: await encodePng(noiseImage(spec, index)) };
  } catch (error) {
    reply = isSnowblindError(error)
      ? { id, error: { code: error.code, message: error.message } }
      : { id, error: { code: 'INTERNAL', message: 'could not render the image' } };
  }
  parentPort!.postMessage(reply);
});
