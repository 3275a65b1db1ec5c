import type { Worker } from 'node:worker_threads';
import { type ErrorCode, type NoiseSpec, SnowblindError, startModuleWorker } from '@snowblind/core';
import type { RenderReply, RenderRequest } from './noise-render-worker.js';

/** The renderer cannot take a request now: `BUSY` (queue full) or `RENDER_TIMEOUT`. */
export class RenderUnavailable extends Error {
  constructor(
    readonly code: 'BUSY' | 'RENDER_TIMEOUT',
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The render worker thread, from the build or the TypeScript sources (see startModuleWorker). */
function spawnWorker(): Worker {
  const worker = startModuleWorker(import.meta.url, 'noise-render-worker', {
    name: 'snowblind-noise-images',
  });
  if (!worker)
    throw new SnowblindError(
      'INTERNAL',
      'the noise-render-worker worker script is missing from this install',
    );
  return worker;
}

interface Pending {
  readonly request: RenderRequest;
  resolve(png: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * Renders noise image PNGs in one worker thread, off the request thread, one at a time: at most
 * `maxQueued` wait (more are refused with `BUSY`), and one that takes over `timeoutMs` is
 * refused with `RENDER_TIMEOUT` and its worker is terminated (the next request starts another).
 */
export class NoiseRenderer {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private running: (Pending & { timer: NodeJS.Timeout }) | undefined;
  private nextId = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly maxQueued: number,
  ) {}

  /** PNG bytes of image `index` of `spec` (a spec within the route's limits). */
  render(spec: NoiseSpec, index: number): Promise<Uint8Array> {
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(
        new RenderUnavailable('BUSY', 'too many noise images are being rendered', 'retry in a few seconds'),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, spec, index }, resolve, reject });
      this.pump();
    });
  }

  /** Stop the worker; waiting requests fail. */
  async close(): Promise<void> {
    for (const pending of this.queue.splice(0)) pending.reject(new Error('server closing'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const pending = this.queue.shift()!;
    const timer = setTimeout(() => this.timeOut(), this.timeoutMs);
    this.running = { ...pending, timer };
    this.ensureWorker().postMessage(pending.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (reply: RenderReply) => this.settle(reply));
    worker.on('error', () => this.lose(worker));
    worker.on('exit', () => this.lose(worker));
    this.worker = worker;
    return worker;
  }

  private settle(reply: RenderReply): void {
    const running = this.running;
    if (!running || running.request.id !== reply.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if ('png' in reply) running.resolve(reply.png);
    else if (reply.error.code === 'INTERNAL') running.reject(new Error(reply.error.message));
    else running.reject(new SnowblindError(reply.error.code as ErrorCode, reply.error.message));
    this.pump();
  }

  private timeOut(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.reject(
      new RenderUnavailable(
        'RENDER_TIMEOUT',
        `the image took over ${this.timeoutMs} ms to render`,
        'ask for a smaller image or a smaller index',
      ),
    );
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.pump();
  }

  /** The worker died (crash or terminate): fail its request, start afresh on the next one. */
  private lose(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const running = this.running;
    if (running) {
      clearTimeout(running.timer);
      this.running = undefined;
      running.reject(new Error('the noise image worker stopped'));
    }
    this.pump();
  }
}
