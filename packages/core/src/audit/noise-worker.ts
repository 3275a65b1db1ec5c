/**
 * Worker-thread entry of the audit's noise producer (see `noise-workers.ts`): renders noise
 * images and preprocesses them straight into batch buffers that the main thread lends it.
 *
 * Imports only the noise and preprocessing code (no onnxruntime, TF.js or sharp), so a worker
 * starts in tens of milliseconds. One image buffer per run; batch buffers come and go as
 * transferred ArrayBuffers, so nothing is allocated per image.
 * @internal
 */
import { parentPort } from 'node:worker_threads';
import { isSnowblindError } from '../errors.js';
// A thread entry: it imports the two files it runs instead of image's and noise's index, which
// would load zod (validation) into every noise worker for ~150 ms of start-up and no use.
import { preprocessInto } from '../image/preprocess.js';
import type { Preset, RgbImage } from '../image/types.js';
import type { ValueWindow } from '../kernel/index.js';
import { NoiseStream } from '../noise/noise-stream.js';
import type { FillMessage, RunMessage, WorkerReply } from './noise-worker-protocol.js';
import { readWindow } from './read-window.js';

interface CurrentRun {
  readonly id: number;
  readonly stream: NoiseStream;
  readonly image: RgbImage & { data: Uint8Array };
  readonly preset: Preset;
  readonly size: number;
  readonly start: number;
  readonly count: number;
  readonly batchSize: number;
  /** The bytes preprocessing reads, when not all: the noise kernel skips the others. */
  readonly window: ValueWindow | undefined;
}

let run: CurrentRun | undefined;

function startRun(message: RunMessage): void {
  const stream = new NoiseStream(message.spec);
  const { height, width, channels } = stream.shape;
  run = {
    id: message.runId,
    stream,
    image: { data: new Uint8Array(stream.bytes), width, height, channels: channels as 1 | 3 },
    preset: message.preset,
    size: message.size,
    start: message.start,
    count: message.count,
    batchSize: message.batchSize,
    window: readWindow(message.preset, stream.shape),
  };
}

function fill(message: FillMessage): Extract<WorkerReply, { type: 'filled' }> {
  const current = run;
  if (!current || current.id !== message.runId) throw new Error(`fill for unknown run ${message.runId}`);
  const out = new Float32Array(message.buffer);
  const first = current.start + message.job * current.batchSize;
  const n = Math.min(current.batchSize, current.start + current.count - first);
  let noiseMs = 0;
  let preprocessMs = 0;
  for (let j = 0; j < n; j++) {
    const t0 = performance.now();
    current.stream.renderInto(first + j, current.image.data, current.window);
    const t1 = performance.now();
    preprocessInto(current.image, current.preset, out, j * current.size);
    noiseMs += t1 - t0;
    preprocessMs += performance.now() - t1;
  }
  return {
    type: 'filled',
    runId: message.runId,
    job: message.job,
    buffer: message.buffer,
    n,
    noiseMs,
    preprocessMs,
  };
}

const port = parentPort;
if (port) {
  port.on('message', (message: RunMessage | FillMessage) => {
    try {
      if (message.type === 'run') startRun(message);
      else {
        const reply = fill(message);
        port.postMessage(reply, [reply.buffer]);
      }
    } catch (error) {
      const reply: WorkerReply = {
        type: 'error',
        code: isSnowblindError(error) ? error.code : 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(reply);
    }
  });
}
