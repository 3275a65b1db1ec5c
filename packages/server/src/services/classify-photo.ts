import {
  type AuditPrediction,
  decodeImage,
  inputShape,
  preprocessInto,
  softmax,
  topK,
} from '@snowblind/core';
import { cachedClassifier } from '../jobs/model-cache.js';
import type { ModelService } from './model-service.js';
import { redactPaths } from './redact-paths.js';

/**
 * The top `k` classes of one photo (PNG/JPEG bytes, turned upright as a photo viewer shows it)
 * by a registered model, as `snowblind classify` prints them: a check that a model and its
 * preset and labels read real images. Runs in the server's thread (one image, one forward
 * pass); the model stays loaded for the next call. Errors name no server folder.
 * @throws MODEL_NOT_FOUND, BAD_IMAGE
 */
export async function classifyPhoto(
  models: ModelService,
  id: string,
  bytes: Uint8Array,
  k: number,
): Promise<AuditPrediction[]> {
  const entry = await models.entry(id);
  try {
    const { classifier } = await cachedClassifier(entry.id, {
      home: models.home,
      builtinPath: models.builtinPath,
    });
    const { size } = inputShape(classifier.preset, classifier.inputChannels);
    const batch = new Float32Array(size);
    preprocessInto(await decodeImage(bytes, { autoOrient: true }), classifier.preset, batch, 0);
    const output = await classifier.predict(batch, 1);
    const probs = classifier.outputKind === 'logits' ? softmax(output, 1, classifier.numClasses) : output;
    return topK(probs, Math.min(k, classifier.numClasses)).indices.map((classIndex) => ({
      classIndex,
      label: classifier.labels[classIndex] ?? `class ${classIndex}`,
      score: probs[classIndex]!,
    }));
  } catch (error) {
    throw redactPaths(error, models.folders());
  }
}
