import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng, fool } from '@snowblind/core';
import type { FoolJobResult } from '../store/fool-store.js';
import type { FoolEvent, FoolJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

/** Run core's `fool` from seeded noise and write the found 8-bit image as `<id>-found.png`. */
export async function runFoolJob(
  job: FoolJob,
  location: RegistryLocation,
  signal: AbortSignal,
  emit: (event: FoolEvent) => void,
): Promise<FoolJobResult> {
  const { classifier: model } = await cachedClassifier(job.model, location);
  const result = await fool(model, {
    target: job.target,
    ...(job.method === undefined ? {} : { method: job.method }),
    budget: job.budget,
    constraints: job.constraints,
    noise: job.noise,
    index: job.index,
    signal,
    onProgress: (p) =>
      emit({ type: 'progress', iteration: p.iteration, total: p.total, confidence: p.confidence }),
  });
  const image = `${job.foolId}-found.png`;
  await writeFile(join(job.artifactsDir, image), await encodePng(result.image));
  return {
    reachedClass: result.reachedClass,
    label: result.label,
    startConfidence: result.startConfidence,
    confidence: result.confidence,
    curve: result.curve,
    iterations: result.iterations,
    stopReason: result.stopReason,
    top5: result.top5,
    constraints: result.constraints,
    constraintsHeld: result.constraintsHeld,
    image,
  };
}
