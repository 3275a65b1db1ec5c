import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorCode, SnowblindError } from '@snowblind/core';
import type { JobHandle, JobQueue } from './job-queue.js';
import type { Job, JobEvent, JobOutput, RegistryLocation } from './job-types.js';
import type { FromWorker, ToWorker, WireError } from './worker-protocol.js';

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly onEvent: (event: never) => void;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: unknown) => void;
  cancelled: boolean;
}

interface Slot {
  worker: Worker;
  current: Pending | undefined;
}

function toError(wire: WireError): SnowblindError {
  return new SnowblindError(wire.code as ErrorCode, wire.message, wire.hint ? { hint: wire.hint } : {});
}

/**
 * The worker script. Built code runs `worker-main.js`; from TypeScript sources (tests, tsx) the
 * worker registers tsx first, as Node 20 cannot load `.ts` in a worker by itself.
 */
function spawnWorker(): Worker {
  const js = new URL('./worker-main.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./worker-main.ts', import.meta.url).href;
  // Bare specifier: an eval worker resolves it from the working directory (the repo in tests).
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts)}); })`;
  return new Worker(code, { eval: true, execArgv: ['--conditions=source'] });
}

/**
 * The in-process {@link JobQueue}: a bounded pool of `worker_threads`, each running one job at a
 * time, so model inference never blocks the request thread. Jobs wait FIFO for a free worker.
 * A worker that dies takes only its job down (`INTERNAL`) and is replaced.
 */
export class WorkerPool implements JobQueue {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly location: RegistryLocation,
    private readonly concurrency = 1,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new SnowblindError('BAD_INPUT', `concurrency must be an integer ≥ 1, got ${concurrency}`);
    }
  }

  submit<J extends Job>(job: J, onEvent: (event: JobEvent<J>) => void): JobHandle<JobOutput<J>> {
    let pending!: Pending;
    const result = new Promise<JobOutput<J>>((resolve, reject) => {
      pending = {
        id: this.nextId++,
        job,
        onEvent: onEvent as (event: never) => void,
        resolve: resolve as (output: unknown) => void,
        reject,
        cancelled: false,
      };
    });
    if (this.closed) pending.reject(new SnowblindError('CANCELLED', 'the job runner is shut down'));
    else {
      this.waiting.push(pending);
      this.pump();
    }
    return { result, cancel: () => this.cancel(pending) };
  }

  private cancel(pending: Pending): void {
    if (pending.cancelled) return;
    pending.cancelled = true;
    const queued = this.waiting.indexOf(pending);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      pending.reject(new SnowblindError('CANCELLED', 'job cancelled before it started'));
      return;
    }
    const slot = this.slots.find((s) => s.current === pending);
    slot?.worker.postMessage({ type: 'cancel', jobId: pending.id } satisfies ToWorker);
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.current);
      if (!slot && this.slots.length < this.concurrency) slot = this.addSlot();
      if (!slot) return;
      const pending = this.waiting.shift()!;
      slot.current = pending;
      slot.worker.postMessage({
        type: 'run',
        jobId: pending.id,
        job: pending.job,
        location: this.location,
      } satisfies ToWorker);
    }
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(), current: undefined };
    this.slots.push(slot);
    slot.worker.on('message', (message: FromWorker) => {
      const pending = slot.current;
      if (!pending || pending.id !== message.jobId) return;
      if (message.type === 'event') {
        try {
          pending.onEvent(message.event as never);
        } catch (error) {
          // A listener that cannot take an event (e.g. the disk is full) stops the job.
          this.cancel(pending);
          console.error('snowblind job listener failed:', error);
        }
        return;
      }
      slot.current = undefined;
      if (message.type === 'done') pending.resolve(message.output);
      else pending.reject(toError(message.error));
      this.pump();
    });
    const lost = (why: unknown) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const pending = slot.current;
      slot.current = undefined;
      if (pending) {
        console.error('snowblind job worker died:', why);
        pending.reject(new SnowblindError('INTERNAL', 'the job worker stopped unexpectedly'));
      }
      if (!this.closed) this.pump();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) {
      pending.reject(new SnowblindError('CANCELLED', 'the job runner is shut down'));
    }
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        const pending = slot.current;
        slot.current = undefined;
        pending?.reject(new SnowblindError('CANCELLED', 'the job runner is shut down'));
        await slot.worker.terminate();
      }),
    );
  }
}
