import { SnowblindError } from '../errors.js';
import type { Classifier } from '../models/types.js';
import { fool } from './fool.js';
import { type OodSet, oodView, scorePixelImages, scoreRealImages } from './ood-view.js';
import { PixelSpace } from './pixel-space.js';
import type { FoolResult, FoolTargetsOptions, FoolTargetsResult, TargetMaximum } from './types.js';

/**
 * Run {@link fool} for every class in `targets` (from `starts` start images each) and report the
 * highest confidence reached per class: how far above the random-sampling maximum of an audit a
 * search gets within the same bounds. The OOD view then scores the found images beside
 * `baselineCount` random images of the same noise kind (at the model size, as the start images)
 * and, when given, real images.
 *
 * @throws SnowblindError `BAD_INPUT` for an empty or invalid target list and bad options.
 */
export async function foolTargets(
  model: Classifier,
  targets: readonly (number | 'any')[],
  options: FoolTargetsOptions = {},
): Promise<FoolTargetsResult> {
  if (targets.length === 0) {
    throw new SnowblindError('BAD_INPUT', 'fool: no targets given', {
      hint: 'pass at least one class index',
    });
  }
  const starts = options.starts ?? 1;
  if (!Number.isInteger(starts) || starts < 1 || starts > 1000) {
    throw new SnowblindError('BAD_INPUT', `fool: starts must be a whole number in 1..1000, got ${starts}`, {
      hint: 'for example starts 1',
    });
  }
  const baselineCount = options.baselineCount ?? 100;
  if (!Number.isInteger(baselineCount) || baselineCount < 0 || baselineCount > 100_000) {
    throw new SnowblindError('BAD_INPUT', `fool: baselineCount must be a whole number in 0..100000`, {
      hint: 'for example baselineCount 100',
    });
  }
  const startedAt = new Date().toISOString();
  const first = options.index ?? 0;
  const searches = targets.length * starts;
  const results: FoolResult[] = [];
  for (const target of targets) {
    for (let s = 0; s < starts; s++) {
      const search = results.length;
      results.push(
        await fool(model, {
          ...options,
          target,
          index: first + s,
          onProgress: (p) => options.onProgress?.({ ...p, search, searches }),
        }),
      );
    }
  }
  const maxByTarget: TargetMaximum[] = targets.map((target) => {
    let best = -1;
    results.forEach((r, i) => {
      if (r.target === target && (best < 0 || r.confidence > results[best]!.confidence)) best = i;
    });
    const r = results[best]!;
    return {
      target,
      label: r.label,
      startConfidence: r.startConfidence,
      maxConfidence: r.confidence,
      result: best,
    };
  });
  const space = new PixelSpace(model.preset, model.inputChannels);
  const batchSize = options.batchSize ?? 16;
  const spec = results[0]!.noise;
  const baseline = Array.from({ length: baselineCount }, (_, i) => space.noiseStart(spec, i).bytes);
  const sets: OodSet[] = [
    { name: 'found', scores: results.map((r) => r.scores) },
    { name: `noise:${spec.kind}`, scores: await scorePixelImages(model, space, baseline, batchSize) },
  ];
  const real = options.real
    ? { name: options.real.name, scores: await scoreRealImages(model, space, options.real.images, batchSize) }
    : undefined;
  return {
    model: results[0]!.model,
    kind: spec.kind,
    results,
    maxByTarget,
    ood: oodView(sets, real),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}
