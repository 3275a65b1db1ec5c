import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SnowblindError } from '../errors.js';
import { preprocessInto } from '../image/index.js';
import type { Preset } from '../image/types.js';
import { startModuleWorker } from '../module-worker.js';
import { noiseImagesInto, type ResolvedNoiseSpec } from '../noise/index.js';
import type { FillMessage, RunMessage, WorkerReply } from './noise-worker-protocol.js';
import { readWindow } from './read-window.js';

/** Options of `runAudit` that decide where noise is made. */
export interface NoiseWorkerOptions {
  /**
   * Worker threads that generate and preprocess noise ahead of inference. `0` makes noise in
   * the audit's own thread, between forward passes. `'auto'` uses none for small audits
   * (under 64 images' worth of noise bytes) and none when every model of the preset group runs
   * on onnxruntime: its threads already keep every core busy, so a worker filling alongside
   * slows inference by more than the fill takes (on a 2-core ResNet-18 audit, as fast at best).
   * Otherwise it uses one for rng `numpy` (its stream is sequential: a second worker would
   * replay the first one's images to skip them) and one per core, up to 4, for rng `default`.
   * The environment variable `SNOWBLIND_NOISE_WORKERS` replaces `'auto'`. Results are
   * identical for every value.
   * @defaultValue `'auto'`
   */
  readonly noiseWorkers?: number | 'auto';
}

/** One preprocessed batch, ready for `predict`. */
export interface NoiseBatch {
  /** `n × size` floats; a view of a buffer that is reused after {@link NoiseBatches.release}. */
  readonly input: Float32Array;
  readonly n: number;
  /** Time spent making the noise and preprocessing it (in whichever thread did it). */
  readonly noiseMs: number;
  readonly preprocessMs: number;
}

/** The batches of one (preset group, noise spec) run, in order. @internal */
export interface NoiseBatches {
  next(): Promise<NoiseBatch>;
  /** Hands the batch's buffer back once every model has read it. */
  release(batch: NoiseBatch): void;
}

/** What one run needs to make its batches. @internal */
export interface NoiseRun {
  readonly spec: ResolvedNoiseSpec;
  readonly preset: Preset;
  /** Floats per preprocessed image. */
  readonly size: number;
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
}

const AUTO_MIN_BYTES = 64 * 256 * 256 * 3;
const MAX_AUTO_WORKERS = 4;
/** Batches each worker may have in flight: one being filled while the previous one is read. */
const DEPTH = 2;

/** The number of noise workers a run gets whose models run on `backends`. @internal */
export function noiseWorkerCount(
  option: number | 'auto' | undefined,
  run: NoiseRun,
  backends: readonly string[] = [],
): number {
  let value: number | 'auto' = option ?? 'auto';
  const env = process.env.SNOWBLIND_NOISE_WORKERS;
  if (value === 'auto' && env !== undefined && env !== '' && env !== 'auto') value = Number(env);
  if (value !== 'auto') {
    if (!Number.isInteger(value) || value < 0 || value > 64) {
      throw new SnowblindError(
        'BAD_INPUT',
        `noiseWorkers must be 'auto' or an integer in 0..64, got ${value}`,
        {
          hint: 'Use 0 to make noise in the audit thread, or leave it at auto.',
        },
      );
    }
    return value;
  }
  const bytes = run.spec.width * run.spec.height * run.spec.channels;
  if (run.count * bytes < AUTO_MIN_BYTES) return 0;
  if (backends.length > 0 && backends.every((b) => b === 'onnx')) return 0;
  return run.spec.rng === 'numpy' ? 1 : Math.max(1, Math.min(MAX_AUTO_WORKERS, availableParallelism()));
}

/**
 * Noise made in the calling thread, batch by batch, into one reused buffer `batch` (at least
 * batchSize × size floats; runs of one preset group share it). The fallback when no worker can
 * be started, and the choice for small audits. @internal
 */
export function inThreadBatches(
  run: NoiseRun,
  batch: Float32Array = new Float32Array(run.batchSize * run.size),
): NoiseBatches {
  const images = noiseImagesInto(run.spec, run.start, run.count, readWindow(run.preset, run.spec));
  let done = 0;
  return {
    async next() {
      const n = Math.min(run.batchSize, run.count - done);
      let noiseMs = 0;
      let preprocessMs = 0;
      for (let j = 0; j < n; j++) {
        const t0 = performance.now();
        const next = images.next();
        const t1 = performance.now();
        if (next.done) throw new SnowblindError('INTERNAL', `noise generator ended after ${done + j} images`);
        preprocessInto(next.value, run.preset, batch, j * run.size);
        noiseMs += t1 - t0;
        preprocessMs += performance.now() - t1;
      }
      done += n;
      return {
        input: n === run.batchSize ? batch : batch.subarray(0, n * run.size),
        n,
        noiseMs,
        preprocessMs,
      };
    },
    release() {},
  };
}

interface Deferred {
  readonly promise: Promise<NoiseBatch & { buffer: ArrayBuffer }>;
  resolve(batch: NoiseBatch & { buffer: ArrayBuffer }): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  let reject!: Deferred['reject'];
  const promise = new Promise<NoiseBatch & { buffer: ArrayBuffer }>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // Jobs still in flight when a run fails are never awaited: keep their rejection quiet.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

let liveWorkers = 0;

/** Noise workers started and not yet exited, for tests that check nothing is left running. @internal */
export function liveNoiseWorkers(): number {
  return liveWorkers;
}

/**
 * Worker threads that make noise batches ahead of inference. Batch j of a run goes to worker
 * j mod W, each worker keeps {@link DEPTH} batches in flight, and a released buffer goes back
 * to the worker that filled it with the batch W·DEPTH further on: a fixed ring of W·DEPTH
 * transferred buffers per run, no copies, no allocation per batch. Image i is the same bytes
 * in any worker, so results do not depend on W. {@link NoiseWorkerPool.close} terminates the
 * threads; `runAudit` calls it in `finally`.
 * @internal
 */
export class NoiseWorkerPool {
  readonly size: number;
  readonly #workers: Worker[];
  #runId = 0;
  #pending = new Map<number, Deferred>();
  #failure: unknown;
  #closed = false;

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    this.size = workers.length;
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => this.#onReply(reply));
      worker.on('error', (error) => this.#fail(error));
      worker.on('exit', (code) => {
        liveWorkers--;
        if (code !== 0 && !this.#closed) this.#fail(new Error(`noise worker exited with code ${code}`));
      });
    }
  }

  /** Starts `count` workers, or returns undefined when the worker script cannot be run here. */
  static start(count: number): NoiseWorkerPool | undefined {
    if (count < 1) return undefined;
    const workers: Worker[] = [];
    for (let i = 0; i < count; i++) {
      // Without a runnable script (no build, no tsx) the audit makes noise in its own thread.
      const worker = startModuleWorker(import.meta.url, 'noise-worker', { name: `snowblind-noise-${i}` });
      if (!worker) {
        for (const started of workers) void started.terminate();
        liveWorkers -= workers.length;
        return undefined;
      }
      workers.push(worker);
      liveWorkers++;
    }
    return new NoiseWorkerPool(workers);
  }

  #onReply(reply: WorkerReply): void {
    if (reply.type === 'error') {
      this.#fail(new SnowblindError(reply.code === 'BAD_INPUT' ? 'BAD_INPUT' : 'INTERNAL', reply.message));
      return;
    }
    if (reply.runId !== this.#runId) return;
    const job = this.#pending.get(reply.job);
    this.#pending.delete(reply.job);
    job?.resolve({
      input: new Float32Array(reply.buffer),
      buffer: reply.buffer,
      n: reply.n,
      noiseMs: reply.noiseMs,
      preprocessMs: reply.preprocessMs,
    });
  }

  #fail(error: unknown): void {
    this.#failure ??= new SnowblindError('INTERNAL', `noise worker failed: ${String(error)}`, {
      hint: 'Set SNOWBLIND_NOISE_WORKERS=0 to make noise in the audit thread.',
      cause: error,
    });
    for (const job of this.#pending.values()) job.reject(this.#failure);
    this.#pending.clear();
  }

  /** The batches of `run`, made by the first `workers` threads; a pool serves one run at a time. */
  batches(run: NoiseRun, workers = this.size): NoiseBatches {
    const runId = ++this.#runId;
    this.#pending.clear();
    const used = this.#workers.slice(0, Math.max(1, Math.min(workers, this.size)));
    const message: RunMessage = { type: 'run', runId, ...run };
    for (const worker of used) worker.postMessage(message);
    const jobs = Math.ceil(run.count / run.batchSize);
    const ring = used.length * DEPTH;
    const bytes = run.batchSize * run.size * Float32Array.BYTES_PER_ELEMENT;
    const results = new Map<number, Deferred['promise']>();
    const dispatch = (job: number, buffer: ArrayBuffer): void => {
      const slot = deferred();
      if (this.#failure !== undefined) slot.reject(this.#failure);
      else this.#pending.set(job, slot);
      results.set(job, slot.promise);
      const fill: FillMessage = { type: 'fill', runId, job, buffer };
      used[job % used.length]!.postMessage(fill, [buffer]);
    };
    for (let job = 0; job < Math.min(jobs, ring); job++) dispatch(job, new ArrayBuffer(bytes));
    let current = 0;
    const owner = new WeakMap<Float32Array, { job: number; buffer: ArrayBuffer }>();
    return {
      next: async () => {
        const job = current++;
        const promise = results.get(job);
        if (!promise) throw new SnowblindError('INTERNAL', `noise batch ${job} was never requested`);
        results.delete(job);
        const { buffer, ...batch } = await promise;
        const input =
          batch.n * run.size === batch.input.length
            ? batch.input
            : batch.input.subarray(0, batch.n * run.size);
        owner.set(input, { job, buffer });
        return { ...batch, input };
      },
      release: (batch) => {
        const slot = owner.get(batch.input);
        if (!slot) return;
        owner.delete(batch.input);
        const following = slot.job + ring;
        if (following < jobs) dispatch(following, slot.buffer);
      },
    };
  }

  /** Terminates every worker and waits until they have exited. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
