/**
 * Entry of a job worker thread: runs one job at a time and streams its events back. Models stay
 * loaded between jobs.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { isSnowblindError } from '@snowblind/core';
import type { AuditJob, ExplainJob, FoolJob, IdScoresJob } from './job-types.js';
import { runAuditJob } from './run-audit-job.js';
import { runExplainJob } from './run-explain-job.js';
import { runFoolJob } from './run-fool-job.js';
import { runIdScoresJob } from './run-id-scores-job.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-main must run in a worker thread');
const controllers = new Map<number, AbortController>();

function send(message: FromWorker): void {
  port!.postMessage(message);
}

/**
 * Take messages that arrived while a job kept this thread busy. Attribution and fool steps never
 * give the event loop a turn, so a cancel would otherwise wait for the job's end; polling at each
 * progress event lets it stop cooperatively (keeping its loaded models) before the pool's grace
 * runs out and the thread is terminated.
 */
function pollMessages(): void {
  for (let m = receiveMessageOnPort(port!); m; m = receiveMessageOnPort(port!)) {
    onMessage(m.message as ToWorker);
  }
}

function onMessage(message: ToWorker): void {
  if (message.type === 'cancel') {
    controllers.get(message.jobId)?.abort();
    return;
  }
  const { jobId, job, location } = message;
  const controller = new AbortController();
  controllers.set(jobId, controller);
  const emit = (event: unknown) => {
    send({ type: 'event', jobId, event });
    pollMessages();
  };
  const run = (): Promise<unknown> => {
    switch (job.kind) {
      case 'audit':
        return runAuditJob(job as AuditJob, location, controller.signal, emit);
      case 'explain':
        return runExplainJob(job as ExplainJob, location, controller.signal, emit);
      case 'fool':
        return runFoolJob(job as FoolJob, location, controller.signal, emit);
      default:
        return runIdScoresJob(job as IdScoresJob, location);
    }
  };
  run()
    .then((output) => send({ type: 'done', jobId, output }))
    .catch((error: unknown) => {
      const wire = isSnowblindError(error)
        ? { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
        : { code: 'INTERNAL', message: 'the job failed unexpectedly; see the server log' };
      if (!isSnowblindError(error)) console.error('snowblind job failed:', error);
      send({ type: 'error', jobId, error: wire });
    })
    .finally(() => controllers.delete(jobId));
}

port.on('message', onMessage);
