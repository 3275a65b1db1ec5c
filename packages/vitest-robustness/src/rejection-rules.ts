import { type Classifier, energyScore, maxLogitScore, SnowblindError } from '@snowblind/core';

/** OOD scores a gate can threshold (OpenOOD's names; higher = more in-distribution). */
export type ScoreName = 'msp' | 'max-logit' | 'energy';

/**
 * When a model counts as having *rejected* a noise image. Several rules may be combined: a
 * sample is rejected when any configured rule rejects it, and it *fooled* the model otherwise.
 * With no rule given, `maxConfidence: 0.5` applies.
 */
export interface RejectionOptions {
  /**
   * Rejected when the top-1 softmax probability (MSP) is at most this.
   * @defaultValue 0.5 when neither `abstainClass` nor `score` is given
   */
  readonly maxConfidence?: number;
  /**
   * A "none of the above" class (index or label): a top-1 prediction of this class is a
   * rejection.
   */
  readonly abstainClass?: number | string;
  /**
   * An OOD score thresholded with `threshold`: rejected when score ≤ threshold.
   * `msp` = max softmax (Hendrycks & Gimpel 2017, https://arxiv.org/abs/1610.02136),
   * `max-logit` (https://arxiv.org/abs/1911.11132), `energy` = T·logsumexp(logits/T)
   * (Liu et al. 2020, https://arxiv.org/abs/2010.03759). `max-logit` and `energy` need a model
   * that outputs logits.
   */
  readonly score?: ScoreName;
  /** Threshold of `score`; required with it. */
  readonly threshold?: number;
  /** Temperature T of the energy score. @defaultValue 1 */
  readonly temperature?: number;
}

/** The rules of {@link RejectionOptions}, checked and resolved against a model. */
export interface RejectionRules {
  readonly maxConfidence: number | undefined;
  readonly abstain: { readonly classIndex: number; readonly label: string } | undefined;
  readonly score:
    | { readonly name: ScoreName; readonly threshold: number; readonly temperature: number }
    | undefined;
  /** Whether evaluating needs raw logits (max-logit / energy). */
  readonly needsLogits: boolean;
}

/** How one sample fared. */
export interface SampleJudgement {
  readonly fooled: boolean;
  /** Top-1 softmax probability. */
  readonly confidence: number;
  readonly classIndex: number;
  /** The value worst samples are ranked by: the `score` when one is set, else `confidence`. */
  readonly severity: number;
}

function bad(message: string, hint: string): SnowblindError {
  return new SnowblindError('BAD_INPUT', message, { hint });
}

/**
 * Checks {@link RejectionOptions} against `model` and fills in the default rule.
 * @throws SnowblindError `BAD_INPUT` for an out-of-range value, an unknown abstain class, a score
 * without threshold, a threshold without score, a temperature without the energy score, or a
 * logit score on a probability model.
 */
export function resolveRejectionRules(options: RejectionOptions, model: Classifier): RejectionRules {
  const { abstainClass, score } = options;
  if (score === undefined && options.threshold !== undefined) {
    throw bad(
      `threshold ${options.threshold} has no effect without score`,
      'Name the score it thresholds, e.g. { score: "energy", threshold: 5 }, or use maxConfidence for the max softmax.',
    );
  }
  if (options.temperature !== undefined && score !== 'energy') {
    throw bad(
      `temperature ${options.temperature} applies to score "energy" only`,
      'Pass { score: "energy", threshold, temperature }, or drop temperature.',
    );
  }
  let maxConfidence = options.maxConfidence;
  if (maxConfidence === undefined && abstainClass === undefined && score === undefined) maxConfidence = 0.5;
  if (maxConfidence !== undefined && !(maxConfidence >= 0 && maxConfidence <= 1)) {
    throw bad(`maxConfidence must be in 0..1, got ${maxConfidence}`, 'A softmax probability, e.g. 0.5.');
  }
  let abstain: RejectionRules['abstain'];
  if (abstainClass !== undefined) {
    const classIndex = typeof abstainClass === 'number' ? abstainClass : model.labels.indexOf(abstainClass);
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= model.numClasses) {
      throw bad(
        `abstainClass ${JSON.stringify(abstainClass)} is not a class of model "${model.id}"`,
        `Use an index in 0..${model.numClasses - 1} or one of its labels.`,
      );
    }
    abstain = { classIndex, label: model.labels[classIndex] ?? `class ${classIndex}` };
  }
  let resolvedScore: RejectionRules['score'];
  if (score !== undefined) {
    if (!['msp', 'max-logit', 'energy'].includes(score)) {
      throw bad(`unknown score "${score}"`, 'Use msp, max-logit or energy.');
    }
    const { threshold, temperature = 1 } = options;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      throw bad(`score "${score}" needs a finite threshold`, 'Pass e.g. { score: "energy", threshold: 5 }.');
    }
    if (!(temperature > 0)) throw bad(`temperature must be > 0, got ${temperature}`, 'The default is 1.');
    if (score !== 'msp' && model.outputKind !== 'logits') {
      throw bad(
        `score "${score}" needs logits but model "${model.id}" outputs probabilities`,
        'Use maxConfidence or score "msp" for models that end in a softmax.',
      );
    }
    resolvedScore = { name: score, threshold, temperature };
  }
  return {
    maxConfidence,
    abstain,
    score: resolvedScore,
    needsLogits: resolvedScore !== undefined && resolvedScore.name !== 'msp',
  };
}

/**
 * Judges one sample from its top-1 prediction and, for logit scores, its logit row
 * (`classes` values from `offset`).
 */
export function judgeSample(
  rules: RejectionRules,
  top1: { readonly classIndex: number; readonly confidence: number },
  logits: ArrayLike<number> | null,
  offset: number,
  classes: number,
): SampleJudgement {
  const { classIndex, confidence } = top1;
  let rejected = false;
  if (rules.maxConfidence !== undefined && confidence <= rules.maxConfidence) rejected = true;
  if (rules.abstain && classIndex === rules.abstain.classIndex) rejected = true;
  let severity = confidence;
  if (rules.score) {
    severity = scoreOf(rules.score.name, rules.score.temperature, confidence, logits, offset, classes);
    if (severity <= rules.score.threshold) rejected = true;
  }
  return { fooled: !rejected, confidence, classIndex, severity };
}

function scoreOf(
  name: ScoreName,
  temperature: number,
  confidence: number,
  logits: ArrayLike<number> | null,
  offset: number,
  classes: number,
): number {
  if (name === 'msp') return confidence;
  if (!logits) throw new SnowblindError('INTERNAL', `score ${name} evaluated without logits`);
  return name === 'energy'
    ? energyScore(logits, temperature, offset, classes)
    : maxLogitScore(logits, offset, classes);
}

/** One line saying what counts as fooled, e.g. `max softmax > 0.5 and top-1 ≠ "none"`. */
export function describeRules(rules: RejectionRules): string {
  const parts: string[] = [];
  if (rules.maxConfidence !== undefined) parts.push(`max softmax > ${rules.maxConfidence}`);
  if (rules.abstain) parts.push(`top-1 ≠ "${rules.abstain.label}" (class ${rules.abstain.classIndex})`);
  if (rules.score) {
    const t =
      rules.score.name === 'energy' && rules.score.temperature !== 1 ? ` (T=${rules.score.temperature})` : '';
    parts.push(`${rules.score.name}${t} > ${rules.score.threshold}`);
  }
  return parts.join(' and ');
}
