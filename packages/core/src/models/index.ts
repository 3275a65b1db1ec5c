/**
 * Model handles: load TF.js (layers/graph) and ONNX classifiers with their labels and preset,
 * and the model registry.
 * @packageDocumentation
 */
export { type LoadOptions, loadModel } from './load-model.js';
export { type ModelManifest, readModelManifest } from './manifest.js';
export { locateModelFile, looksLikePath, type ModelFile } from './model-file.js';
export { modelIdFromPath } from './model-id.js';
export { looksLikeProbabilities } from './output-kind.js';
export { type OutputTap, tapOutputs } from './output-tap.js';
export {
  type AddModelOptions,
  ModelRegistry,
  type OpenRegistryOptions,
  type RegistryEntry,
} from './registry.js';
export { sha256File } from './sha256.js';
export { readTfjsFromDisk, type TfjsArtifactsOnDisk, type TfjsModelKind } from './tfjs-from-disk.js';
export type { BackendName, Classifier, DeviceName, EngineName, ModelFormat, OutputKind } from './types.js';
export { withPredict } from './with-predict.js';
