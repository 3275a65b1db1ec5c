import {
  type Classifier,
  type ExplainMethod,
  type ExplainOptions,
  inputShape,
  MAX_NOISE_SIDE,
  occlusionPlan,
  type ResolvedNoiseSpec,
  type VisualizeSign,
  validateNoiseSpec,
} from '@snowblind/core';
import type { Command } from 'commander';
import { badFlag } from '../errors.js';
import { refuseFlags, typed } from '../flag-conflicts.js';
import type { ModelFlags } from '../model-options.js';
import { parseIntFlag, parseNumberFlag } from '../options.js';

/** `snowblind explain`'s flags as commander parses them. */
export interface ExplainFlags extends ModelFlags {
  model?: string;
  image?: string;
  noise: string;
  seed: string;
  index: string;
  size: string;
  rng: string;
  method: ExplainMethod;
  target?: string;
  steps?: string;
  internalBatchSize?: string;
  memoryBudget?: string;
  samples?: string;
  stdevs?: string;
  window?: string;
  stride?: string;
  sign: VisualizeSign;
  outlierPerc: string;
  cmap: string;
  scale?: string;
  out: string;
  saveAttributions?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Flags only some methods read, and the methods that read them. */
const METHOD_FLAGS: readonly (readonly [flags: string[], methods: ExplainMethod[]])[] = [
  [
    ['--steps', '--internal-batch-size', '--memory-budget'],
    ['ig', 'smoothgrad', 'smoothgrad-sq', 'vargrad'],
  ],
  [
    ['--samples', '--stdevs'],
    ['smoothgrad', 'smoothgrad-sq', 'vargrad'],
  ],
  [['--window', '--stride'], ['occlusion']],
];

/** Bytes in one GB of `--memory-budget`. */
const GB = 1e9;

/** Flags that choose the noise image, which `--image` replaces. */
const NOISE_FLAGS = ['--noise', '--seed', '--index', '--size', '--rng'];

/**
 * The core `explain` options the flags ask for (only those given), after refusing flags the
 * chosen method or `--image` would silently ignore.
 * @throws SnowblindError `BAD_INPUT` naming the flag.
 */
export function explainOptions(flags: ExplainFlags, command: Command): ExplainOptions {
  for (const [names, methods] of METHOD_FLAGS) {
    if (!methods.includes(flags.method)) {
      refuseFlags(
        command,
        names,
        `with --method ${flags.method}`,
        `only --method ${methods.join(', ')} read it`,
      );
    }
  }
  if (flags.image !== undefined) {
    refuseFlags(command, NOISE_FLAGS, 'with --image', 'they pick a noise image: drop them, or drop --image');
  }
  if (typed(command, '--internal-batch-size')) {
    refuseFlags(
      command,
      ['--memory-budget'],
      'with --internal-batch-size, which sets the batch itself',
      'drop one of them',
    );
  }
  const int = (flag: string, raw: string | undefined, min: number, max: number) =>
    raw === undefined ? undefined : parseIntFlag(flag, raw, min, max);
  parseNumberFlag('--outlier-perc', flags.outlierPerc, { min: 0, max: 100, maxOpen: true });
  const picked = {
    target: int('--target', flags.target, 0, 1_000_000),
    nSteps: int('--steps', flags.steps, 1, 100_000),
    internalBatchSize: int('--internal-batch-size', flags.internalBatchSize, 1, 100_000),
    ntSamples: int('--samples', flags.samples, 1, 10_000),
    window: int('--window', flags.window, 1, 4096),
    stride: int('--stride', flags.stride, 1, 4096),
    memoryBudget:
      flags.memoryBudget === undefined
        ? undefined
        : GB * parseNumberFlag('--memory-budget', flags.memoryBudget, { min: 0, max: 1e6, minOpen: true }),
    stdevs:
      flags.stdevs === undefined
        ? undefined
        : parseNumberFlag('--stdevs', flags.stdevs, { min: 0, max: 1e6 }),
  };
  const defined = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
  return { method: flags.method, ...(defined as Omit<ExplainOptions, 'method'>) };
}

/**
 * Throws unless the occlusion window (given or default) fits in `model`'s input and the stride
 * in the window, naming the flag: the core check only knows axes.
 */
export function checkOcclusionFits(
  model: Classifier,
  options: Pick<ExplainOptions, 'window' | 'stride'>,
): void {
  const { width, height, channels } = inputShape(model.preset, model.inputChannels);
  const nchw = model.preset.layout === 'NCHW';
  const shape = nchw ? [channels, height, width] : [height, width, channels];
  const plan = occlusionPlan(shape, model.preset.layout, options);
  const window = plan.windowShape[nchw ? 1 : 0]!;
  const stride = plan.strides[nchw ? 1 : 0]!;
  const side = Math.min(width, height);
  if (window > side) {
    throw badFlag(
      '--window',
      `${window} px does not fit in ${model.id}'s ${width}×${height} input`,
      `pass --window ${side} or less`,
    );
  }
  if (stride > window) {
    throw badFlag(
      '--stride',
      `${stride} px is larger than the ${window} px window`,
      `pass --stride ${window} or less`,
    );
  }
}

/** The noise image `explain` explains when no `--image` is given. */
export interface NoiseChoice {
  readonly spec: ResolvedNoiseSpec;
  readonly index: number;
}

/**
 * Pixels `--rng numpy` may replay to reach `--index`: np.random has no jump-ahead, so image i costs
 * i images (100,000 images of 256², about three minutes).
 */
const NUMPY_REPLAY_PIXELS = 100_000 * 256 * 256;

/**
 * The noise image the flags pick, checked before any model loads.
 * @throws SnowblindError naming the flag.
 */
export function noiseChoice(flags: ExplainFlags): NoiseChoice {
  const size = parseIntFlag('--size', flags.size, 1, MAX_NOISE_SIDE);
  const seed = parseIntFlag('--seed', flags.seed, 0, 2 ** 32 - 1);
  const spec = validateNoiseSpec({ kind: flags.noise, seed, width: size, height: size, rng: flags.rng });
  // The last image of a set has index count - 1; the largest count is a safe integer.
  const index = parseIntFlag('--index', flags.index, 0, Number.MAX_SAFE_INTEGER - 1);
  const replayable = Math.floor(NUMPY_REPLAY_PIXELS / (size * size));
  if (spec.rng === 'numpy' && index > replayable) {
    throw badFlag(
      '--index',
      `${index} is too far for --rng numpy at ${size}×${size}: it replays every image before it (at most ${replayable} here)`,
      '--rng default reaches any index at once; or use a smaller --size',
    );
  }
  return { spec, index };
}
