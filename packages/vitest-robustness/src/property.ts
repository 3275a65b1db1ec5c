import { type Classifier, type NoiseSpec, noiseImage } from '@snowblind/core';
import fc from 'fast-check';
import { noiseSpecArbitrary } from './arbitraries/noise-spec.js';
import { type ModelInput, type ModelOptions, type ResolvedModel, resolveModel } from './model-input.js';
import { noiseSizeFor } from './noise-specs.js';
import { checkOptionKeys } from './option-keys.js';
import { predictImages, top1 } from './predict-images.js';
import { propertyReplay } from './property-replay.js';
import {
  judgeSample,
  type RejectionOptions,
  type RejectionRules,
  resolveRejectionRules,
} from './rejection-rules.js';
import { noiseImageCall } from './replay.js';

/** How a model fared on one noise image. */
export interface NoiseVerdict {
  readonly spec: NoiseSpec;
  readonly index: number;
  /** True when no rejection rule rejected the image. */
  readonly fooled: boolean;
  readonly confidence: number;
  readonly classIndex: number;
  readonly label: string;
  /** The rule's score when one is set, else `confidence`. */
  readonly severity: number;
}

/** Judges noise images one at a time; call `dispose()` when done if a model id or path was given. */
export interface FooledBy {
  (spec: NoiseSpec, index?: number): Promise<NoiseVerdict>;
  dispose(): Promise<void>;
}

/**
 * A predicate for property tests: whether `model` is fooled by image `index` (default 0) of a
 * noise spec, under the same rejection rules as `toRejectNoise`.
 * @example
 * ```ts
 * const isFooled = fooledBy(model, { maxConfidence: 0.5 });
 * test.prop([gaussianNoise({ width: 28, height: 28 })], { seed: 1 })('rejects noise', async (spec) => {
 *   expect((await isFooled(spec)).fooled).toBe(false);
 * });
 * ```
 * @remarks The model is loaded lazily on the first call (ids and paths) and reused.
 */
export function fooledBy(model: ModelInput, options: RejectionOptions & ModelOptions = {}): FooledBy {
  checkOptionKeys(options, 'fooledBy');
  let ready: Promise<{ resolved: ResolvedModel; rules: RejectionRules }> | undefined;
  const init = () => {
    ready ??= resolveModel(model, options).then((resolved) => ({
      resolved,
      rules: resolveRejectionRules(options, resolved.classifier),
    }));
    return ready;
  };
  const judge = async (spec: NoiseSpec, index = 0): Promise<NoiseVerdict> => {
    const { resolved, rules } = await init();
    return judgeImage(resolved.classifier, rules, spec, index);
  };
  return Object.assign(judge, {
    dispose: async () => {
      if (ready) await (await ready).resolved.dispose();
      ready = undefined;
    },
  });
}

async function judgeImage(
  model: Classifier,
  rules: RejectionRules,
  spec: NoiseSpec,
  index: number,
): Promise<NoiseVerdict> {
  const k = model.numClasses;
  const { outputs, probabilities } = await predictImages(model, [noiseImage(spec, index)], 1);
  const best = top1(probabilities, 0, k);
  const verdict = judgeSample(rules, best, model.outputKind === 'logits' ? outputs : null, 0, k);
  return { spec, index, ...verdict, label: model.labels[best.classIndex] ?? `class ${best.classIndex}` };
}

/** Options of {@link checkRejectsNoise} / {@link assertRejectsNoise}. */
export interface RejectsNoiseOptions extends RejectionOptions, ModelOptions {
  /** Noise specs to draw. @defaultValue `noiseSpecArbitrary()` of every kind, sized for the preset */
  readonly arbitrary?: fc.Arbitrary<NoiseSpec>;
  /** @defaultValue 100 (fast-check's default) */
  readonly numRuns?: number;
  /** fast-check seed; pass the one a failure printed to replay it. */
  readonly seed?: number;
  /** fast-check path; with `seed`, replays straight to the shrunk counterexample. */
  readonly path?: string;
  /** Stop at the first failure without shrinking. @defaultValue false */
  readonly endOnFailure?: boolean;
}

/** The outcome of a noise property run. */
export interface RejectsNoiseReport {
  readonly failed: boolean;
  readonly numRuns: number;
  readonly numShrinks: number;
  readonly seed: number;
  /** Replay path of the counterexample (pass it back with `seed`). */
  readonly path: string | undefined;
  /** The first noise spec that fooled the model. */
  readonly firstFailure: NoiseVerdict | undefined;
  /** The shrunk counterexample: the weakest noise found that still fools the model. */
  readonly counterexample: NoiseVerdict | undefined;
  /** fast-check's own report (seed, path, counterexample), empty on success. */
  readonly fastCheckReport: string;
  /**
   * The call that replays the counterexample, every option that decides it included: e.g.
   * `assertRejectsNoise(model, { preset: 'fashion-mnist', classes: 10, arbitrary: gaussianNoise({ width: 28, height: 28 }), seed: 42, path: '0:1' })`.
   * An arbitrary not made by this package's factories reads `<the arbitrary you passed>`.
   */
  readonly replay: string;
}

/**
 * Runs the property "the model rejects noise image 0 of every drawn spec" with fast-check and
 * reports the first failure and the shrunk (weakest) counterexample.
 */
export async function checkRejectsNoise(
  model: ModelInput,
  options: RejectsNoiseOptions = {},
): Promise<RejectsNoiseReport> {
  checkOptionKeys(options, 'checkRejectsNoise');
  const resolved = await resolveModel(model, options);
  try {
    const classifier = resolved.classifier;
    const rules = resolveRejectionRules(options, classifier);
    const arbitrary = options.arbitrary ?? noiseSpecArbitrary(noiseSizeFor(classifier.preset));
    let firstFailure: NoiseVerdict | undefined;
    const property = fc.asyncProperty(arbitrary, async (spec) => {
      const verdict = await judgeImage(classifier, rules, spec, 0);
      if (verdict.fooled) firstFailure ??= verdict;
      return !verdict.fooled;
    });
    const details = await fc.check(property, {
      ...(options.numRuns === undefined ? {} : { numRuns: options.numRuns }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.endOnFailure === undefined ? {} : { endOnFailure: options.endOnFailure }),
    });
    const shrunk = details.counterexample?.[0];
    return {
      failed: details.failed,
      numRuns: details.numRuns,
      numShrinks: details.numShrinks,
      seed: details.seed,
      path: details.counterexamplePath ?? undefined,
      firstFailure,
      counterexample: shrunk === undefined ? undefined : await judgeImage(classifier, rules, shrunk, 0),
      fastCheckReport: details.failed ? (fc.defaultReportMessage(details) ?? '') : '',
      replay: propertyReplay(options, arbitrary, details.seed, details.counterexamplePath ?? undefined),
    };
  } finally {
    await resolved.dispose();
  }
}

function verdictLine(v: NoiseVerdict): string {
  return `${noiseImageCall(v.spec, v.index)} → "${v.label}" (class ${v.classIndex}) at confidence ${v.confidence.toFixed(3)}`;
}

/**
 * {@link checkRejectsNoise}, throwing when the model is fooled: the error names the weakest noise
 * found, the first failure, and the `{ seed, path }` that replays it with
 * `assertRejectsNoise(model, { seed, path })` or `fc.assert(prop, { seed, path })`.
 */
export async function assertRejectsNoise(
  model: ModelInput,
  options: RejectsNoiseOptions = {},
): Promise<RejectsNoiseReport> {
  const report = await checkRejectsNoise(model, options);
  if (report.failed) {
    const lines = [
      `The model was fooled by noise after ${report.numRuns} run(s) and ${report.numShrinks} shrink(s).`,
      report.counterexample ? `Weakest noise that fools it: ${verdictLine(report.counterexample)}` : '',
      report.firstFailure ? `First failure: ${verdictLine(report.firstFailure)}` : '',
      `Replay: ${report.replay}`,
      '',
      report.fastCheckReport,
    ];
    throw new Error(lines.filter((l, i) => l !== '' || i === 4).join('\n'));
  }
  return report;
}
