import type { Worker } from 'node:worker_threads';
import { type ErrorCode, SnowblindError, startModuleWorker } from '@snowblind/core';
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

/**
 * Audits (long, batch by batch) and interactive jobs (explanations, fool searches, OOD scores)
 * wait in separate lanes with their own workers, so neither kind holds up the other.
 */
export type JobLane = 'audit' | 'interactive';

/** The lane a job waits in. */
export const laneOf = (job: Job): JobLane => (job.kind === 'audit' ? 'audit' : 'interactive');

interface Slot {
  readonly lane: JobLane;
  worker: Worker;
  current: Pending | undefined;
}

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Audits running at once. @defaultValue 1 */
  readonly concurrency?: number;
  /** Explanations, fool searches and OOD score jobs running at once, beside the audits. @defaultValue 1 */
  readonly interactiveConcurrency?: number;
  /**
   * Milliseconds a cancelled running job may take to stop on its own before it is given up and
   * its worker replaced (and terminated once the job's current step ends). @defaultValue 250
   */
  readonly cancelGraceMs?: number;
}

/** What a pool is doing, per lane. */
export interface WorkerPoolStats {
  readonly workers: Readonly<Record<JobLane, number>>;
  readonly busy: Readonly<Record<JobLane, number>>;
  readonly waiting: Readonly<Record<JobLane, number>>;
  /** Workers terminated because a cancelled job did not stop within the grace period. */
  readonly terminated: number;
}

function toError(wire: WireError): SnowblindError {
  return new SnowblindError(wire.code as ErrorCode, wire.message, wire.hint ? { hint: wire.hint } : {});
}

/** A job worker thread, from the build or the TypeScript sources (see startModuleWorker). */
function spawnWorker(): Worker {
  const worker = startModuleWorker(import.meta.url, 'worker-main');
  if (!worker)
    throw new SnowblindError('INTERNAL', 'the worker-main worker script is missing from this install');
  return worker;
}

/**
 * The in-process {@link JobQueue}: bounded pools of `worker_threads`, each worker running one job
 * at a time, so model inference never blocks the request thread. Jobs wait FIFO in their
 * {@link JobLane} for a free worker of that lane. A worker that dies takes only its job down
 * (`INTERNAL`) and is replaced; a cancelled job that does not stop within the grace period (a long
 * synchronous step never sees the cancel message) is given up and its worker replaced; the old
 * worker is terminated when that step ends.
 */
export class WorkerPool implements JobQueue {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private readonly limits: Readonly<Record<JobLane, number>>;
  private readonly cancelGraceMs: number;
  private nextId = 1;
  private closed = false;
  private terminated = 0;
  /** Workers of given-up jobs, terminated when their job ends (see {@link retire}). */
  private readonly retiring = new Set<Worker>();

  /** @param options - a number is the audit concurrency (the original signature) */
  constructor(
    private readonly location: RegistryLocation,
    options: number | WorkerPoolOptions = {},
  ) {
    const o = typeof options === 'number' ? { concurrency: options } : options;
    this.limits = { audit: o.concurrency ?? 1, interactive: o.interactiveConcurrency ?? 1 };
    for (const [name, n] of Object.entries(this.limits)) {
      if (!Number.isInteger(n) || n < 1) {
        throw new SnowblindError('BAD_INPUT', `${name} concurrency must be an integer ≥ 1, got ${n}`);
      }
    }
    this.cancelGraceMs = o.cancelGraceMs ?? 250;
  }

  /** Workers, busy workers and waiting jobs per lane (for tests and health checks). */
  stats(): WorkerPoolStats {
    const count = (items: readonly { lane: JobLane }[]) => ({
      audit: items.filter((i) => i.lane === 'audit').length,
      interactive: items.filter((i) => i.lane === 'interactive').length,
    });
    return {
      workers: count(this.slots),
      busy: count(this.slots.filter((s) => s.current)),
      waiting: count(this.waiting.map((p) => ({ lane: laneOf(p.job) }))),
      terminated: this.terminated,
    };
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
    if (!slot) return;
    slot.worker.postMessage({ type: 'cancel', jobId: pending.id } satisfies ToWorker);
    const timer = setTimeout(() => {
      if (slot.current === pending) this.terminate(slot, pending);
    }, this.cancelGraceMs);
    timer.unref();
  }

  /**
   * Give up a cancelled job that did not stop on its own: it ends as cancelled now and a fresh
   * worker takes the lane; the old one is retired (see {@link retire}).
   */
  private terminate(slot: Slot, pending: Pending): void {
    this.terminated++;
    this.forget(slot);
    pending.reject(new SnowblindError('CANCELLED', 'job cancelled; its worker was stopped'));
    this.retire(slot.worker, pending.id);
    if (!this.closed) this.pump();
  }

  /**
   * Terminate a worker once its cancelled job has ended, not before: terminating a thread while it
   * is inside an onnxruntime-node call aborts the whole process (the binding throws a C++
   * `Napi::Error` into a thread that can no longer run JavaScript). The job sees its cancel at its
   * next batch or step and reports its end, however long that step takes (no timeout: one would
   * land inside the very call it waits for); only {@link close} terminates it earlier.
   */
  private retire(worker: Worker, jobId: number): void {
    this.retiring.add(worker);
    const forget = () => {
      worker.off('message', ended);
      this.retiring.delete(worker);
    };
    const ended = (message: FromWorker) => {
      if (message.jobId !== jobId || message.type === 'event') return;
      forget();
      worker.terminate().catch(() => undefined);
    };
    worker.on('message', ended);
    worker.once('exit', forget);
  }

  /** Drop a slot: messages and exit of its worker are ignored from now on. */
  private forget(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    slot.current = undefined;
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length; ) {
      const pending = this.waiting[i]!;
      const lane = laneOf(pending.job);
      let slot = this.slots.find((s) => s.lane === lane && !s.current);
      if (!slot && this.slots.filter((s) => s.lane === lane).length < this.limits[lane]) {
        slot = this.addSlot(lane);
      }
      if (!slot) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      slot.current = pending;
      slot.worker.postMessage({
        type: 'run',
        jobId: pending.id,
        job: pending.job,
        location: this.location,
      } satisfies ToWorker);
    }
  }

  private addSlot(lane: JobLane): Slot {
    const slot: Slot = { lane, worker: spawnWorker(), current: undefined };
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
      const pending = slot.current;
      this.forget(slot);
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
    const retiring = [...this.retiring];
    this.retiring.clear();
    await Promise.all(retiring.map((worker) => worker.terminate()));
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
