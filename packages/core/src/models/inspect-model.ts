import { createOnnxSession, selectTfBackend, tf } from '../engine/index.js';
import { SnowblindError } from '../errors.js';
import type { ModelFile } from './model-file.js';
import { readOnnxFile } from './onnx-file.js';
import { readTfjsFromDisk } from './tfjs-from-disk.js';
import type { ModelFormat } from './types.js';

/** What the registry records about a model file without running it. */
export interface ModelMetadata {
  readonly format: ModelFormat;
  /** Input shape, batch first; `null` for dynamic dims. */
  readonly inputShape: (number | null)[];
  /**
   * Values per image of the first output (the classes, as the classifiers count them), when the
   * model fixes every dim after the batch.
   */
  readonly numClasses: number | null;
}

/** The product of the dims after the batch dim, or null when one of them is not fixed. */
function valuesPerImage(shape: readonly unknown[] | undefined): number | null {
  if (!shape || shape.length < 2) return null;
  let size = 1;
  for (const d of shape.slice(1)) {
    if (typeof d !== 'number' || d <= 0) return null;
    size *= d;
  }
  return size;
}

/**
 * Open a model just far enough to read its format and input shape (proving the file loads).
 *
 * @throws SnowblindError `BAD_MODEL` when the file does not load.
 */
export async function inspectModel(model: ModelFile): Promise<ModelMetadata> {
  if (model.kind === 'onnx') {
    const session = await createOnnxSession(await readOnnxFile(model.file), { threads: 1 });
    try {
      const input = session.inputMetadata[0];
      const output = session.outputMetadata[0];
      const shape = input?.isTensor ? input.shape : [];
      return {
        format: 'onnx',
        inputShape: shape.map((d) => (typeof d === 'number' && d > 0 ? d : null)),
        numClasses: output?.isTensor ? valuesPerImage(output.shape) : null,
      };
    } finally {
      await session.release();
    }
  }
  const { kind, artifacts } = await readTfjsFromDisk(model.file);
  await selectTfBackend();
  let loaded: tf.LayersModel | tf.GraphModel;
  try {
    loaded =
      kind === 'layers'
        ? await tf.loadLayersModel(tf.io.fromMemory(artifacts))
        : await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new SnowblindError('BAD_MODEL', `TF.js cannot load ${model.file}: ${(error as Error).message}`, {
      hint: 'check that model.json and its weight files come from the same export',
      cause: error,
    });
  }
  try {
    const shape = (loaded.inputs[0]?.shape ?? []) as (number | null)[];
    return {
      format: kind === 'layers' ? 'tfjs-layers' : 'tfjs-graph',
      inputShape: shape.map((d) => (typeof d === 'number' && d > 0 ? d : null)),
      numClasses: valuesPerImage(loaded.outputs[0]?.shape),
    };
  } finally {
    loaded.dispose();
  }
}
