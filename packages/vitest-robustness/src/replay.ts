import { type Classifier, type NoiseSpec, noiseImage, type ResolvedNoiseSpec } from '@snowblind/core';
import { predictImages, top1 } from './predict-images.js';

/** A JavaScript literal for a value (object keys unquoted when they are identifiers). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const body = entries
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${literal(v)}`)
      .join(', ');
    return `{ ${body} }`;
  }
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** `noiseImage({ kind: 'gaussian', … }, 17)`: the call that regenerates one noise image. */
export function noiseImageCall(spec: NoiseSpec, index: number): string {
  return `noiseImage(${literal(spec)}, ${index})`;
}

/**
 * The `snowblind audit` command that re-runs one noise set on a registry model or file, or
 * `undefined` when the CLI cannot express the spec (non-square or gray noise) or the model is
 * not loadable by reference (a function or an in-memory Classifier).
 */
export function cliReplay(
  ref: string | undefined,
  spec: ResolvedNoiseSpec,
  count: number,
): string | undefined {
  if (ref === undefined || spec.width !== spec.height || spec.channels !== 3) return undefined;
  const quote = (s: string) => (/^[\w./@:-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  const params = Object.entries(spec.params).map(
    ([k, v]) => ` --noise-param ${k}=${Array.isArray(v) ? v.join(',') : String(v)}`,
  );
  const rng = spec.rng === 'numpy' ? ' --rng numpy' : '';
  return (
    `npx snowblind audit --model ${quote(ref)} --noise ${spec.kind}${params.join('')} ` +
    `--seed ${spec.seed} --size ${spec.width}${rng} --count ${count}`
  );
}

/** What a model says about one image: top-1 class, label and softmax probability. */
export interface Top1 {
  readonly classIndex: number;
  readonly label: string;
  readonly confidence: number;
}

/**
 * Regenerates noise image `index` of `spec` and classifies it alone: the replay of one sample
 * of a gate, for debugging the worst image it reported.
 */
export async function classifyNoiseImage(model: Classifier, spec: NoiseSpec, index: number): Promise<Top1> {
  const { probabilities } = await predictImages(model, [noiseImage(spec, index)], 1);
  const { classIndex, confidence } = top1(probabilities, 0, model.numClasses);
  return { classIndex, label: model.labels[classIndex] ?? `class ${classIndex}`, confidence };
}
