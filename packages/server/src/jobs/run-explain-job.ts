import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  centerCrop,
  decodeImage,
  integratedGradients,
  noiseImage,
  noiseTunnel,
  occlusion,
  type Preset,
  preprocess,
  type RgbImage,
  renderPng,
  resizeShorter,
  resizeTo,
  SnowblindError,
  saliency,
  softmax,
  toGrayscale,
  visualizeImageAttr,
} from '@snowblind/core';
import type { ExplanationResult } from '../store/explain-store.js';
import { exampleShape, forwardModel, gradientModelFor } from './gradient-model.js';
import type { ExplainEvent, ExplainJob, RegistryLocation } from './job-types.js';
import { cachedClassifier } from './model-cache.js';

/** The picture the model actually sees (gray, resized, cropped), drawn beside the heat map. */
function modelView(image: RgbImage, preset: Preset): RgbImage {
  let out = preset.grayscale && image.channels !== 1 ? toGrayscale(image) : image;
  if (typeof preset.resize === 'number') out = resizeShorter(out, preset.resize);
  else if (preset.resize) out = resizeTo(out, preset.resize[0], preset.resize[1]);
  if (preset.crop) out = centerCrop(out, preset.crop[0], preset.crop[1]);
  return out;
}

/** Attribute one image with the requested method and write heat map PNGs. */
export async function runExplainJob(
  job: ExplainJob,
  location: RegistryLocation,
  signal: AbortSignal,
  emit: (event: ExplainEvent) => void,
): Promise<ExplanationResult> {
  const { classifier: model, entry } = await cachedClassifier(job.model, location);
  const image =
    job.image.kind === 'noise'
      ? noiseImage(job.image.spec, job.image.index)
      : await decodeImage(job.image.data);
  const input = preprocess(image, model.preset);
  const shown = modelView(image, model.preset);
  const raw = await model.predict(input, 1);
  const probs = model.outputKind === 'logits' ? softmax(raw, 1, model.numClasses) : raw;
  let top = 0;
  for (let c = 1; c < model.numClasses; c++) if (probs[c]! > probs[top]!) top = c;
  const target = job.target ?? top;
  if (!Number.isInteger(target) || target < 0 || target >= model.numClasses) {
    throw new SnowblindError(
      'BAD_INPUT',
      `target ${target} is not a class of "${model.id}" (0..${model.numClasses - 1})`,
    );
  }
  const onProgress = (p: { done: number; total: number }) => {
    if (signal.aborted) throw new SnowblindError('CANCELLED', 'attribution cancelled');
    emit({ type: 'progress', done: p.done, total: p.total });
  };
  const p = job.params;
  let attributions: Float32Array;
  let delta: number | null = null;
  if (job.method === 'OCCLUSION') {
    const shape = exampleShape(model);
    const window =
      p.slidingWindow ??
      shape.map((d, i) =>
        shape.length === 3 && (model.preset.layout === 'NCHW' ? i === 0 : i === 2)
          ? d
          : Math.max(1, Math.round(d / 7)),
      );
    attributions = await occlusion(forwardModel(model), input, {
      target,
      slidingWindowShapes: window,
      strides:
        p.strides ?? window.map((w, i) => (window[i] === shape[i] ? w : Math.max(1, Math.floor(w / 2)))),
      baselines: p.baseline ?? 0,
      perturbationsPerEval: 16,
      onProgress,
    });
  } else {
    const gradient = await gradientModelFor(entry, model);
    if (job.method === 'SALIENCY') {
      attributions = await saliency(gradient, input, { target });
      onProgress({ done: 1, total: 1 });
    } else if (job.method === 'INTEGRATED_GRADIENTS') {
      const result = await integratedGradients(gradient, input, {
        target,
        nSteps: p.nSteps ?? 50,
        ...(p.internalBatchSize === undefined ? {} : { internalBatchSize: p.internalBatchSize }),
        returnConvergenceDelta: true,
        onProgress,
      });
      attributions = result.attributions;
      delta = result.delta ?? null;
    } else {
      const tunnel = noiseTunnel(
        (x, targets) =>
          integratedGradients(gradient, x, {
            target: targets,
            nSteps: p.nSteps ?? 50,
            ...(p.internalBatchSize === undefined ? {} : { internalBatchSize: p.internalBatchSize }),
          }).then((r) => r.attributions),
        {
          ntType: p.ntType ?? 'smoothgrad_sq',
          ntSamples: p.ntSamples ?? 5,
          stdevs: p.stdevs ?? 1,
          ntSamplesBatchSize: 1,
          seed: p.seed ?? 0,
          onProgress,
        },
      );
      attributions = await tunnel(input, [target]);
    }
  }
  const visual = { sign: job.sign, outlierPerc: job.outlierPerc, layout: model.preset.layout } as const;
  const files = {
    heatmap: `${job.explanationId}-heatmap.png`,
    blended: `${job.explanationId}-blended.png`,
    original: `${job.explanationId}-original.png`,
  };
  const heat = visualizeImageAttr(attributions, shown, { ...visual, method: 'heat_map' });
  const blended = visualizeImageAttr(attributions, shown, { ...visual, method: 'blended_heat_map' });
  await writeFile(join(job.artifactsDir, files.heatmap), await renderPng(heat, { colorbar: true }));
  await writeFile(join(job.artifactsDir, files.blended), await renderPng(blended, { colorbar: true }));
  await writeFile(join(job.artifactsDir, files.original), await renderPng(shown));
  return {
    target,
    targetLabel: model.labels[target] ?? `class ${target}`,
    score: probs[target]!,
    ...files,
    delta,
  };
}
