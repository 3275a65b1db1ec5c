/**
 * The snowblind measurements of `npm run bench`. Each runs in its own child process (see
 * `child.ts`) so that its peak RSS is its own and no engine warms another one's caches.
 */
import { readFileSync } from 'node:fs';
import {
  type AuditTimings,
  type Classifier,
  explain,
  inputShape,
  loadModel,
  noiseImage,
  noiseImages,
  preprocessInto,
  runAudit,
} from '@snowblind/core';
import * as ort from 'onnxruntime-node';

/** A seeded-normal-noise batch of already preprocessed floats (values do not matter for timing). */
function premadeBatch(floats: number): Float32Array {
  const out = new Float32Array(floats);
  let state = 12345;
  for (let i = 0; i < floats; i++) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    out[i] = ((state >>> 8) / 16777216 - 0.5) * 4;
  }
  return out;
}

function rssMb(): number {
  return process.memoryUsage.rss() / 1048576;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface RawResult {
  readonly imagesPerSecond: number;
  readonly seconds: number;
  readonly peakRssMb: number;
}

/**
 * The ceiling: onnxruntime-node alone, one session with snowblind's session options
 * (intra-op threads, graph optimisation `all`), on a batch tensor made before the clock starts.
 * Same batch pattern as the audit (full batches plus the remainder).
 */
export async function rawOnnx(args: {
  model: string;
  count: number;
  batch: number;
  threads: number;
}): Promise<RawResult> {
  const session = await ort.InferenceSession.create(readFileSync(args.model), {
    executionProviders: ['cpu'],
    intraOpNumThreads: args.threads,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const size = 3 * 224 * 224;
  const data = premadeBatch(args.batch * size);
  const input = session.inputNames[0]!;
  const run = async (n: number) => {
    const tensor = new ort.Tensor('float32', n === args.batch ? data : data.subarray(0, n * size), [
      n,
      3,
      224,
      224,
    ]);
    const out = await session.run({ [input]: tensor });
    for (const value of Object.values(out)) value.dispose();
  };
  await run(args.batch); // warm-up
  const start = performance.now();
  for (let done = 0; done < args.count; done += args.batch)
    await run(Math.min(args.batch, args.count - done));
  const seconds = (performance.now() - start) / 1000;
  await session.release();
  return { imagesPerSecond: args.count / seconds, seconds, peakRssMb: peakRssMb() };
}

/** The ceiling of a TF.js engine: `classifier.predict` on a pre-made batch. */
export async function rawPredict(args: {
  model: string;
  backend: string;
  count: number;
  batch: number;
  preset?: unknown;
}): Promise<RawResult & { backend: string }> {
  const model = await loadModel(args.model, {
    backend: args.backend as 'wasm',
    ...(args.preset ? { preset: args.preset as Record<string, unknown> } : {}),
  });
  const size = inputShape(model.preset, model.inputChannels).size;
  const data = premadeBatch(args.batch * size);
  const warmN = Math.min(args.batch, args.count);
  await model.predict(data.subarray(0, warmN * size), warmN);
  const start = performance.now();
  for (let done = 0; done < args.count; done += args.batch) {
    const n = Math.min(args.batch, args.count - done);
    await model.predict(n === args.batch ? data : data.subarray(0, n * size), n);
  }
  const seconds = (performance.now() - start) / 1000;
  const backend = model.backend;
  await model.dispose();
  return { imagesPerSecond: args.count / seconds, seconds, peakRssMb: peakRssMb(), backend };
}

export interface AuditBenchResult {
  readonly imagesPerSecond: number;
  /** Wall time of the whole `runAudit` call (worker start-up included). */
  readonly seconds: number;
  readonly timings: AuditTimings;
  readonly peakRssMb: number;
  readonly backend: string;
  readonly noiseWorkers: number | 'auto';
  readonly top1: number[];
}

/** `runAudit` with `seed-wrap` noise, rng `numpy` (the reference's bytes), top-1 of every image kept. */
export async function audit(args: {
  model: string;
  backend: string;
  count: number;
  batch: number;
  threads: number;
  noiseWorkers: number | 'auto';
  preset?: unknown;
}): Promise<AuditBenchResult> {
  const model = await loadModel(args.model, {
    backend: args.backend as 'onnx',
    threads: args.threads,
    ...(args.preset ? { preset: args.preset as Record<string, unknown> } : {}),
  });
  const spec = { kind: 'seed-wrap', seed: 0, rng: 'numpy' } as const;
  // Warm-up outside the clock: a couple of batches through predict (the model is warm after load).
  const size = inputShape(model.preset, model.inputChannels).size;
  const warmN = Math.min(args.batch, args.count);
  const warm = new Float32Array(warmN * size);
  for (let j = 0; j < warmN; j++) preprocessInto(noiseImage(spec, j), model.preset, warm, j * size);
  await model.predict(warm, warmN);
  const start = performance.now();
  const result = await runAudit({
    models: [model],
    noise: spec,
    count: args.count,
    batchSize: args.batch,
    topK: 1,
    keepSamples: true,
    noiseWorkers: args.noiseWorkers,
  });
  const seconds = (performance.now() - start) / 1000;
  const run = result.runs[0]!;
  const top1 = (run.samples ?? []).map((s) => s.topK[0]!.classIndex);
  const backend = model.backend;
  await model.dispose();
  return {
    imagesPerSecond: args.count / seconds,
    seconds,
    timings: run.timings,
    peakRssMb: peakRssMb(),
    backend,
    noiseWorkers: args.noiseWorkers,
    top1,
  };
}

/** One IG explanation of noise image 0 through `explain` (ONNX: snowblind's backward graph). */
export async function ig(args: {
  model: string;
  threads: number;
  steps: number;
  internalBatch: number;
  repeats: number;
}): Promise<{
  secondsPerExplanation: number;
  all: number[];
  coldSeconds: number;
  target: number;
  delta: number | undefined;
  peakRssMb: number;
}> {
  const model: Classifier = await loadModel(args.model, { threads: args.threads });
  const image = noiseImage({ kind: 'seed-wrap', seed: 0, rng: 'numpy' }, 0);
  // Cold: builds the backward graph and its session; one chunk, like the PyTorch warm-up.
  let start = performance.now();
  await explain(model, image, {
    method: 'ig',
    nSteps: Math.min(args.steps, args.internalBatch),
    internalBatchSize: args.internalBatch,
  });
  const coldSeconds = (performance.now() - start) / 1000;
  const all: number[] = [];
  let last: Awaited<ReturnType<typeof explain>> | undefined;
  for (let r = 0; r < args.repeats; r++) {
    start = performance.now();
    last = await explain(model, image, {
      method: 'ig',
      nSteps: args.steps,
      internalBatchSize: args.internalBatch,
    });
    all.push((performance.now() - start) / 1000);
  }
  await model.dispose();
  return {
    secondsPerExplanation: Math.min(...all),
    all,
    coldSeconds,
    target: last!.target,
    delta: last!.delta,
    peakRssMb: peakRssMb(),
  };
}

export interface ExplainOnceResult {
  /** `explain` alone (the model loaded and warm). */
  readonly seconds: number;
  /** `loadModel`: reading, converting to ONNX when the engine is onnx, session, warm-up. */
  readonly loadSeconds: number;
  readonly backend: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly target: number;
  readonly delta: number | undefined;
  readonly peakRssMb: number;
}

/**
 * What `snowblind explain --method <method>` does in one process, with its defaults: load the
 * model, explain noise image 0 once (no warm-up, the bench times the whole process around it).
 */
export async function explainOnce(args: {
  model: string;
  backend: string;
  method: 'ig' | 'saliency';
  preset?: unknown;
}): Promise<ExplainOnceResult> {
  let start = performance.now();
  const model = await loadModel(args.model, {
    backend: args.backend as 'onnx',
    ...(args.preset ? { preset: args.preset as string } : {}),
  });
  const loadSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  const result = await explain(model, noiseImage({ kind: 'seed-wrap', seed: 0, rng: 'numpy' }, 0), {
    method: args.method,
  });
  const seconds = (performance.now() - start) / 1000;
  const backend = model.backend;
  await model.dispose();
  return {
    seconds,
    loadSeconds,
    backend,
    params: result.params,
    target: result.target,
    delta: result.delta,
    peakRssMb: peakRssMb(),
  };
}

/**
 * RSS over a long audit: `count` images through a small fast model, RSS sampled after every
 * batch. Growth is the highest RSS after the first 5% of the audit minus the RSS at that point
 * (the first batches allocate the buffers, JIT code and engine arenas the rest reuses).
 */
export async function rss(args: {
  model: string;
  backend: string;
  count: number;
  batch: number;
  noiseWorkers: number | 'auto';
  rng: 'numpy' | 'default';
}): Promise<{
  imagesPerSecond: number;
  rssAfterWarmupMb: number;
  maxRssMb: number;
  growthMb: number;
  samples: [number, number][];
  backend: string;
}> {
  const model = await loadModel(args.model, { backend: args.backend as 'wasm' });
  const warmupImages = Math.max(args.batch, Math.floor(args.count * 0.05));
  let afterWarmup = 0;
  let max = 0;
  const samples: [number, number][] = [];
  let nextSample = 0;
  const start = performance.now();
  await runAudit({
    models: [model],
    noise: { kind: 'seed-wrap', seed: 0, rng: args.rng },
    count: args.count,
    batchSize: args.batch,
    noiseWorkers: args.noiseWorkers,
    onProgress: ({ processed }) => {
      const now = rssMb();
      if (processed >= nextSample) {
        samples.push([processed, Math.round(now)]);
        nextSample += args.count / 20;
      }
      if (processed <= warmupImages) afterWarmup = now;
      else max = Math.max(max, now);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const backend = model.backend;
  await model.dispose();
  return {
    imagesPerSecond: args.count / seconds,
    rssAfterWarmupMb: afterWarmup,
    maxRssMb: max,
    growthMb: max - afterWarmup,
    samples,
    backend,
  };
}

/** Noise alone, one thread: ms per image of the generator the audit uses (for the profile notes). */
export async function noiseOnly(args: {
  count: number;
  rng: 'numpy' | 'default';
}): Promise<{ msPerImage: number }> {
  const images = noiseImages({ kind: 'seed-wrap', seed: 0, rng: args.rng }, 0, args.count);
  const start = performance.now();
  for (const _ of images);
  return { msPerImage: (performance.now() - start) / args.count };
}

export const TASKS = { rawOnnx, rawPredict, audit, ig, explainOnce, rss, noiseOnly } as const;
export type TaskName = keyof typeof TASKS;
