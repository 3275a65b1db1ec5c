import type { AuditResult, ResolvedNoiseSpec } from '@snowblind/core';
import { SnowblindError } from '@snowblind/core';
import {
  type AdversarialOptions,
  resolveSearch,
  runSearches,
  type SearchOutcome,
  writeSearchArtifacts,
} from './adversarial.js';
import { DEFAULT_ARTIFACTS_DIR, writeArtifacts } from './artifacts.js';
import { type ModelInput, type ModelOptions, resolveModel } from './model-input.js';
import { auditNoise, type NoiseSample, worstSamples } from './noise-audit.js';
import { gateNoiseSpecs, type NoiseChoice } from './noise-specs.js';
import { checkOptionKeys } from './option-keys.js';
import {
  describeRules,
  type RejectionOptions,
  resolveRejectionRules,
  type ScoreName,
} from './rejection-rules.js';
import { cliReplay, noiseImageCall } from './replay.js';

/** Options of `toRejectNoise` and {@link checkNoiseRejection}. */
export interface NoiseGateOptions extends RejectionOptions, ModelOptions, AdversarialOptions {
  /** Noise images per noise set. @defaultValue 100 */
  readonly samples?: number;
  /**
   * Noise kinds (or full specs) to try; each is its own set of `samples` images, sized for the
   * model's preset (256 × 256 for torchvision, 28 × 28 for fashion-mnist).
   * @defaultValue every varying kind: seed-wrap, gaussian, uniform, salt-pepper, low-frequency
   */
  readonly noise?: NoiseChoice | readonly NoiseChoice[];
  /** Seed of every noise set that does not set its own. @defaultValue 0 */
  readonly seed?: number;
  /**
   * Share of samples allowed to fool the model before the gate fails, in 0..1.
   * @defaultValue 0
   */
  readonly maxFooledRate?: number;
  /** Images per forward pass (results do not depend on it). @defaultValue 32 */
  readonly batchSize?: number;
  /**
   * Folder that receives the worst fooling images as PNGs, in a subfolder named after the test;
   * `false` writes nothing.
   * @defaultValue `.snowblind/artifacts` under the current working directory
   */
  readonly artifactsDir?: string | false;
  /** How many of the worst samples are listed and written. @defaultValue 5 */
  readonly worst?: number;
  /** Subfolder name for artifacts. @defaultValue the current test name, else the model id */
  readonly name?: string;
  readonly signal?: AbortSignal;
}

/** What a noise gate measured and how to reproduce it. */
export interface NoiseGateResult {
  /** True when at most `maxFooledRate` of the samples fooled the model. */
  readonly pass: boolean;
  readonly modelId: string;
  /** What counts as fooled, e.g. `max softmax > 0.5`. */
  readonly rule: string;
  /** The thresholded OOD score, when the gate uses one. */
  readonly score: ScoreName | undefined;
  readonly fooled: number;
  readonly total: number;
  /** Largest number of fooled samples that still passes. */
  readonly allowed: number;
  readonly seed: number;
  readonly samplesPerSet: number;
  readonly specs: readonly ResolvedNoiseSpec[];
  /** Fooled count per noise set, in `specs` order. */
  readonly fooledPerSet: readonly number[];
  /** The worst samples, fooled ones first, most severe first. */
  readonly worst: readonly NoiseSample[];
  /** Replay of the worst sample: a `noiseImage(...)` call and, when possible, a CLI command. */
  readonly replay: { readonly call: string; readonly cli: string | undefined } | undefined;
  /** Adversarial searches (`search` option) run after the random samples; empty without it. */
  readonly searches: readonly SearchOutcome[];
  /** PNG paths written (empty when nothing fooled the model or artifacts are off). */
  readonly artifacts: readonly string[];
  readonly audit: AuditResult;
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new SnowblindError('BAD_INPUT', `${name} must be an integer ≥ ${min}, got ${value}`, {
      hint: `e.g. { ${name}: 200 }`,
    });
  }
  return value;
}

/**
 * Runs `samples` seeded noise images per noise set through `model` with the batched core audit
 * and decides whether the model rejected them; the engine behind `toRejectNoise`, usable without
 * vitest. Ids and paths are loaded with `loadModel` and disposed afterwards.
 * @throws SnowblindError `BAD_INPUT` for bad or unknown options; `BAD_MODEL` for NaN or infinite
 *   model outputs; loading errors of `loadModel`.
 */
export async function checkNoiseRejection(
  model: ModelInput,
  options: NoiseGateOptions = {},
): Promise<NoiseGateResult> {
  checkOptionKeys(options, 'toRejectNoise');
  const samplesPerSet = checkCount('samples', options.samples ?? 100, 1);
  const seed = checkCount('seed', options.seed ?? 0, 0);
  const worstCount = checkCount('worst', options.worst ?? 5, 0);
  const rate = options.maxFooledRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) {
    throw new SnowblindError('BAD_INPUT', `maxFooledRate must be in 0..1, got ${rate}`, {
      hint: '0 fails on any fooling sample; 0.01 tolerates 1%.',
    });
  }
  const resolved = await resolveModel(model, options);
  try {
    const classifier = resolved.classifier;
    const rules = resolveRejectionRules(options, classifier);
    const specs = gateNoiseSpecs(options.noise, seed, classifier.preset);
    const search = resolveSearch(options, seed);
    const { samples, audit } = await auditNoise(classifier, specs, samplesPerSet, rules, {
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const fooledPerSet = specs.map((_, s) =>
      samples.slice(s * samplesPerSet, (s + 1) * samplesPerSet).reduce((n, x) => n + Number(x.fooled), 0),
    );
    const searches = search ? await runSearches(classifier, rules, search, options.signal) : [];
    const fooled = fooledPerSet.reduce((a, b) => a + b, 0) + searches.filter((s) => s.fooled).length;
    const total = samples.length + searches.length;
    // A tiny epsilon keeps e.g. 0.07 × 100 from rounding down to 6.
    const allowed = Math.floor(rate * total + 1e-9);
    const worst = worstSamples(samples, Math.max(worstCount, 1));
    const top = worst[0];
    const fooling = worst.filter((s) => s.fooled).slice(0, worstCount);
    const dir = options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR;
    const folderName = options.name ?? classifier.id;
    const artifacts: string[] =
      dir === false || fooling.length === 0 ? [] : await writeArtifacts(dir, folderName, fooling);
    const foolingSearches = searches.filter((s) => s.fooled);
    if (dir !== false && foolingSearches.length > 0) {
      artifacts.push(
        ...(await writeSearchArtifacts(dir, folderName, foolingSearches, artifacts.length === 0)),
      );
    }
    return {
      pass: fooled <= allowed,
      modelId: classifier.id,
      rule: describeRules(rules),
      score: rules.score?.name,
      fooled,
      total,
      allowed,
      seed,
      samplesPerSet,
      specs,
      fooledPerSet,
      searches,
      worst: worst.slice(0, worstCount),
      replay: top && {
        call: noiseImageCall(top.spec, top.index),
        cli: cliReplay(resolved.ref, top.spec, samplesPerSet, resolved.load),
      },
      artifacts,
      audit,
    };
  } finally {
    await resolved.dispose();
  }
}
