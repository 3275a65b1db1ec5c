import {
  type Classifier,
  type LoadOptions,
  type NoiseSpec,
  noiseImage,
  type ResolvedNoiseSpec,
} from '@snowblind/core';
import { jsLiteral } from './js-literal.js';
import { predictImages, top1 } from './predict-images.js';

/** `noiseImage({ kind: 'gaussian', … }, 17)`: the call that regenerates one noise image. */
export function noiseImageCall(spec: NoiseSpec, index: number): string {
  return `noiseImage(${jsLiteral(spec)}, ${index})`;
}

/**
 * The `snowblind audit` command that re-runs one noise set on a registry model or file with the
 * preset, labels and backend the gate loaded it with, or `undefined` when the CLI cannot express
 * the run: non-square or gray noise, a model not loadable by reference (a function or an
 * in-memory Classifier), or a preset object or label list (the CLI takes files).
 */
export function cliReplay(
  ref: string | undefined,
  spec: ResolvedNoiseSpec,
  count: number,
  load: Pick<LoadOptions, 'preset' | 'labels' | 'backend' | 'device'> = {},
): string | undefined {
  if (ref === undefined || spec.width !== spec.height || spec.channels !== 3) return undefined;
  const { preset, labels, backend, device } = load;
  if (
    (preset !== undefined && typeof preset !== 'string') ||
    (labels !== undefined && typeof labels !== 'string')
  )
    return undefined;
  const quote = (s: string) => (/^[\w./@:-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  const flags = [
    `--model ${quote(ref)}`,
    ...(preset === undefined ? [] : [`--preset ${quote(preset)}`]),
    ...(labels === undefined ? [] : [`--labels ${quote(labels)}`]),
    ...(backend === undefined || backend === 'auto' ? [] : [`--backend ${backend}`]),
    ...(device === undefined || device === 'cpu' ? [] : [`--device ${device}`]),
    `--noise ${spec.kind}`,
    ...Object.entries(spec.params).map(
      ([k, v]) => `--noise-param ${k}=${Array.isArray(v) ? v.join(',') : String(v)}`,
    ),
    `--seed ${spec.seed}`,
    `--size ${spec.width}`,
    ...(spec.rng === 'numpy' ? ['--rng numpy'] : []),
    `--count ${count}`,
  ];
  return `npx snowblind audit ${flags.join(' ')}`;
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
