import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { auditModelInfo, type Classifier, runAudit, SnowblindError } from '@snowblind/core';
import { type RunBatch, toSampleRow } from '../store/audit-store.js';
import type { AuditEvent, AuditJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

/**
 * Run an audit job one batch at a time: each batch is one `runAudit` call over
 * `[start, start + batchSize)` with `keepSamples`, so every batch yields the per-sample top-k the
 * server commits, and a resumed job (later `startIndex`) classifies exactly the images an
 * uninterrupted one would have (image i of a spec does not depend on the batching).
 */
export async function runAuditJob(
  job: AuditJob,
  location: RegistryLocation,
  signal: AbortSignal,
  emit: (event: AuditEvent) => void,
): Promise<{ processed: number }> {
  const models: Classifier[] = [];
  for (const id of job.models) models.push((await cachedClassifier(id, location)).classifier);
  // RUNNING from here: a first batch of large images can take a while.
  emit({ type: 'started', models: models.map(auditModelInfo) });
  for (let start = job.startIndex; start < job.count; start += job.batchSize) {
    // Each batch is a short runAudit call that may never yield on its own: give the worker's
    // event loop a turn so a cancel message is seen at this batch boundary.
    await yieldToEventLoop();
    if (signal.aborted) throw new SnowblindError('CANCELLED', 'audit cancelled');
    const n = Math.min(job.batchSize, job.count - start);
    const result = await runAudit({
      models,
      noise: job.noise,
      count: n,
      batchSize: n,
      topK: job.topK,
      keepSamples: true,
      startIndex: start,
      signal,
    });
    const runs: RunBatch[] = result.runs.map((run, r) => ({
      runIndex: r,
      samples: (run.samples ?? []).map(toSampleRow),
    }));
    emit({ type: 'batch', processed: start + n, runs });
  }
  return { processed: job.count };
}
