import {
  type Classifier,
  loadModel,
  ModelRegistry,
  type RegistryEntry,
  SnowblindError,
} from '@snowblind/core';
import type { RegistryLocation } from './job-types.js';

const loaded = new Map<string, Classifier>();

/** A string naming the exact files of an entry (its sha256, or the map of per-file hashes). */
export function entryVersion(entry: RegistryEntry): string {
  return typeof entry.sha256 === 'string' ? entry.sha256 : JSON.stringify(entry.sha256);
}

/**
 * A loaded classifier by registry id, kept per runner for the life of the worker (loading and
 * warming a model costs far more than a batch). Keyed by id and sha256, so a re-registered model
 * is loaded afresh.
 */
export async function cachedClassifier(
  id: string,
  location: RegistryLocation,
): Promise<{ classifier: Classifier; entry: RegistryEntry }> {
  const registry = await ModelRegistry.open({ home: location.home, builtinPath: location.builtinPath });
  const entry = registry.get(id);
  if (!entry) throw new SnowblindError('MODEL_NOT_FOUND', `no model with id "${id}"`);
  const key = `${entry.id}:${entryVersion(entry)}`;
  let classifier = loaded.get(key);
  if (!classifier) {
    classifier = await loadModel(id, { registry });
    loaded.set(key, classifier);
  }
  return { classifier, entry };
}
