import type { AuditResult, ModelRegistry, RegistryEntry } from '@snowblind/core';
import { badFlag } from '../errors.js';

/**
 * One section of the default audit (`snowblind audit` without `--model`): built-in models that
 * see the same noise.
 */
export interface DefaultAuditGroup {
  /** Title printed above the section. */
  readonly title: string;
  /** Registry ids, in column order. */
  readonly ids: readonly string[];
  /**
   * Noise size when `--size` is not given: `'size'` uses `--size`'s default (256, the article's
   * experiment); `'native'` makes noise at the models' own input size (no resize).
   */
  readonly noise: 'size' | 'native';
  /** Whether an `--in-distribution` source (a name or folder) is this group's kind of data. */
  readonly takesInDistribution: (source: string) => boolean;
}

const isFashionMnist = (source: string) => source.startsWith('fashion-mnist');

/**
 * The default audit: the article's experiment (1,000 × 256² seed-wrap noise) on the built-in
 * ImageNet model, beside the Fashion-MNIST models on noise at their own 28 × 28 size, where
 * they are fooled far more (a 256² image averaged down to 28² is close to flat gray).
 */
export const DEFAULT_AUDIT: readonly DefaultAuditGroup[] = [
  {
    title: "ImageNet: the article's experiment",
    ids: ['squeezenet1.1'],
    noise: 'size',
    takesInDistribution: (source) => !isFashionMnist(source),
  },
  {
    title: "Fashion-MNIST: noise at the models' own input size",
    ids: ['fmnist-mlp', 'fmnist-cnn', 'fmnist-resnet', 'fmnist-cnn-oe'],
    noise: 'native',
    takesInDistribution: isFashionMnist,
  },
];

/** Help shown under `snowblind audit --help` about the default audit. */
export const DEFAULT_AUDIT_HELP = `
Without --model, the audit runs the built-in models side by side: squeezenet1.1 (ImageNet) on
--size noise, 256x256 RGB by default as in the article's experiment, and the Fashion-MNIST models
(fmnist-mlp, fmnist-cnn, fmnist-resnet, fmnist-cnn-oe) on noise at their own 28x28 gray size
(--size, when given, applies to all). A summary table comes first, then each group's tables.
--backend applies to the models it can run; --in-distribution fashion-mnist-test scores the
Fashion-MNIST models, a folder of photos the ImageNet model.`;

/**
 * Flags that configure one model make no sense for the default audit's several models.
 * @throws SnowblindError `BAD_INPUT` for `--preset` or `--labels` without `--model`, and for an
 *   `--in-distribution` source no group takes.
 */
export function checkDefaultAuditFlags(
  flags: { preset?: string; labels?: string; inDistribution?: string },
  groups: readonly ResolvedGroup[],
): void {
  for (const [flag, value] of [
    ['--preset', flags.preset],
    ['--labels', flags.labels],
  ] as const) {
    if (value !== undefined) {
      throw badFlag(
        flag,
        'applies to one model, and the default audit runs several',
        `name the model it belongs to, e.g. --model model.onnx ${flag} ${value}`,
      );
    }
  }
  const source = flags.inDistribution;
  if (source !== undefined && !groups.some((g) => g.takesInDistribution(source))) {
    throw badFlag(
      '--in-distribution',
      `none of the default audit's models (${groups.flatMap((g) => g.entries.map((e) => e.id)).join(', ')}) takes ${source}`,
      'name the models it belongs to with --model',
    );
  }
}

/** A default-audit group with the registry entries it found. */
export interface ResolvedGroup extends DefaultAuditGroup {
  readonly entries: readonly RegistryEntry[];
}

/**
 * The groups of {@link DEFAULT_AUDIT} whose models the registry has (built in, with an input
 * shape); `undefined` when none has any (a `SNOWBLIND_MODELS` registry of other models), and the
 * caller falls back to the registry's default model.
 */
export function resolveDefaultAudit(registry: ModelRegistry): ResolvedGroup[] | undefined {
  const groups = DEFAULT_AUDIT.map((group) => ({
    ...group,
    entries: group.ids
      .map((id) => registry.get(id))
      .filter((e): e is RegistryEntry => e?.source === 'builtin' && e.inputShape !== undefined),
  })).filter((group) => group.entries.length > 0);
  return groups.length > 0 ? groups : undefined;
}

/** Input height, width and channels shared by a group's models (from the registry). */
export function nativeSize(group: ResolvedGroup): { width: number; height: number; channels: 1 | 3 } {
  const [height, width, channels] = group.entries[0]!.inputShape!;
  return { width: width ?? 224, height: height ?? 224, channels: channels === 1 ? 1 : 3 };
}

/** Several audits as one result (one report): their runs in order, the first start, the last end. */
export function mergeAuditResults(results: readonly AuditResult[]): AuditResult {
  const first = results[0]!;
  return {
    ...first,
    finishedAt: results.at(-1)!.finishedAt,
    runs: results.flatMap((r) => r.runs),
  };
}
