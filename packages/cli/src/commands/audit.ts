import {
  type AuditProgress,
  type AuditResult,
  type Classifier,
  formatAuditText,
  inputShape,
  loadInDistribution,
  loadModel,
  type ModelFormat,
  type ModelRegistry,
  NOISE_KINDS,
  type ResolvedNoiseSpec,
  runAudit,
  toReport,
  validateNoiseSpec,
} from '@snowblind/core';
import { Command } from 'commander';
import { badFlag } from '../errors.js';
import type { CliIo } from '../io.js';
import { addModelFlags, defaultModel, loadOptions, type ModelFlags } from '../model-options.js';
import { collect, MAX_COUNT, parseIntFlag, parseNoiseParams, splitList } from '../options.js';
import { checkOutputs, writeThenPrint } from '../outputs.js';
import { createProgress } from '../progress.js';
import {
  addRedisAuditFlags,
  distributedAudit,
  type RedisAuditFlags,
  type RedisAuditPlan,
} from './audit-redis.js';
import {
  checkDefaultAuditFlags,
  DEFAULT_AUDIT_HELP,
  mergeAuditResults,
  nativeSize,
  resolveDefaultAudit,
} from './default-audit.js';
import { formatDefaultAuditText } from './default-audit-text.js';

interface AuditFlags extends ModelFlags, RedisAuditFlags {
  model?: string[];
  count: string;
  noise?: string[];
  noiseParam?: string[];
  seed: string;
  rng: string;
  size: string;
  batch: string;
  top: string;
  json?: boolean;
  out?: string;
  quiet?: boolean;
  inDistribution?: string;
  idCount?: string;
}

/** `snowblind audit`: feed seeded noise through one or more models and report how sure they are. */
export function auditCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  const command = new Command('audit')
    .description('feed seeded noise through models and report top-1 confidence (describe()) and label counts')
    .option(
      '-m, --model <id|path>',
      'model id or file (repeatable; default: the built-in ImageNet and Fashion-MNIST models, see below)',
      collect,
    )
    .option('-n, --count <n>', 'noise images per model and kind', '1000')
    .option('--noise <kind>', `noise kind (repeatable or comma list): ${NOISE_KINDS.join(', ')}`, collect)
    .option(
      '--noise-param <key=value>',
      'noise parameter, e.g. std=30 or color=0,0,255 (repeatable)',
      collect,
    )
    .option('-s, --seed <n>', 'seed of the noise', '0')
    .option(
      '--rng <mode>',
      "random generator: 'default' (per-image streams) or 'numpy' (np.random.seed bit-exact)",
      'default',
    )
    .option(
      '--size <px|native>',
      "noise width and height before preprocessing; 'native': made at the models' input size (no resize)",
      '256',
    )
    .option('-b, --batch <n>', 'images per forward pass', '32')
    .option('--top <k>', 'top-k labels kept per sample', '5')
    .option('--json', 'print the JSON report instead of tables')
    .option('-o, --out <file>', 'also write the JSON report to a file')
    .option(
      '--in-distribution <name|folder>',
      'real images to compare noise with (OOD metrics): fashion-mnist-test, or a folder of photos',
    )
    .option('--id-count <n>', 'use only the first n in-distribution images')
    .option('-q, --quiet', 'no progress output');
  addRedisAuditFlags(command);
  addModelFlags(command);
  command.addHelpText('after', DEFAULT_AUDIT_HELP);
  return command.action(async (flags: AuditFlags, self: Command) => {
    const count = parseIntFlag('--count', flags.count, 1, MAX_COUNT);
    const batchSize = parseIntFlag('--batch', flags.batch, 1, 4096);
    const topK = parseIntFlag('--top', flags.top, 1, 100);
    const native = flags.size === 'native';
    const size = native ? 256 : parseIntFlag('--size', flags.size, 1, 4096);
    const seed = parseIntFlag('--seed', flags.seed, 0, 2 ** 32 - 1);
    const params = parseNoiseParams(flags.noiseParam ?? []);
    const kinds = splitList('--noise', flags.noise, `use one or more of: ${NOISE_KINDS.join(', ')}`);
    const specs = (width: number, height: number, channels: 1 | 3) =>
      (kinds.length > 0 ? kinds : ['seed-wrap']).map((kind) =>
        validateNoiseSpec({ kind, params, seed, width, height, channels, rng: flags.rng }),
      );
    // Validated before any model loads, so a bad kind or parameter fails fast.
    const noise = specs(size, size, 3);
    if (flags.idCount !== undefined && flags.inDistribution === undefined) {
      throw badFlag(
        '--id-count',
        'has no effect without --in-distribution',
        'add --in-distribution, or drop it',
      );
    }
    const out = flags.out === undefined ? [] : [{ flag: '--out', path: flags.out, example: 'report.json' }];
    const refs = splitList('--model', flags.model, 'pass model ids or files, e.g. --model a,b');
    await checkOutputs(out, [...refs, flags.preset, flags.labels]);
    const reg = await registry();
    const groups = refs.length === 0 ? resolveDefaultAudit(reg) : undefined;
    if (groups) checkDefaultAuditFlags(flags, groups);
    const progress = createProgress(io, { quiet: flags.quiet || flags.json === true });
    const onProgress = (p: AuditProgress) =>
      progress.update({
        label: `${p.model} · ${p.kind}`,
        processed: p.processed,
        total: p.total,
        rate: p.imagesPerSecond,
      });
    const common = { count, batchSize, topK, onProgress };
    // One audit per group of models that see the same noise: the --model list, or the default's
    // groups (the ImageNet model at --size, the Fashion-MNIST models at their own size unless
    // --size is given).
    const sizeGiven = self.getOptionValueSource('size') === 'cli';
    const audits: GroupAudit[] = groups
      ? groups.map((group) => {
          const atNative = native || (!sizeGiven && group.noise === 'native');
          const at = nativeSize(group);
          const takes = flags.inDistribution !== undefined && group.takesInDistribution(flags.inDistribution);
          return {
            ...common,
            refs: group.entries.map((e) => e.id),
            noise: atNative ? specs(at.width, at.height, at.channels) : noise,
            inDistribution: takes ? flags.inDistribution : undefined,
            loadOptions: (ref: string) =>
              fittingLoadOptions(flags, group.entries.find((e) => e.id === ref)!.format),
          };
        })
      : [
          {
            ...common,
            refs: refs.length > 0 ? refs : [defaultModel(reg)],
            noise,
            native: native ? specs : undefined,
            inDistribution: flags.inDistribution,
            loadOptions: () => loadOptions(flags),
          },
        ];
    try {
      const results: AuditResult[] = [];
      for (const audit of audits) {
        results.push(
          flags.redis ? await distributedAudit(flags, reg, audit, io) : await localAudit(flags, reg, audit),
        );
      }
      progress.stop();
      const report = toReport(mergeAuditResults(results));
      const json = `${JSON.stringify(report, null, 2)}\n`;
      const tables = groups
        ? formatDefaultAuditText(
            report,
            groups.map((g) => ({ title: g.title, modelIds: g.entries.map((e) => e.id) })),
          )
        : formatAuditText(report);
      const text = flags.json ? json : `${tables}\n`;
      // When the file cannot be written, the JSON report goes to stdout (after the tables).
      await writeThenPrint(
        io,
        out.map((o) => ({ ...o, data: json })),
        (failed) => (failed && !flags.json ? `${text}\n${json}` : text),
        { lost: `The JSON report was printed to stdout${flags.json ? '' : ' after the tables'}.` },
      );
    } finally {
      progress.stop();
    }
  });
}

/** One audit: models that all see the same noise (what the workers are asked, and more). */
interface GroupAudit extends RedisAuditPlan {
  /** Noise made at the models' shared input size once they are loaded (`--size native`). */
  native?: ((width: number, height: number, channels: 1 | 3) => ResolvedNoiseSpec[]) | undefined;
  /** `--in-distribution`, when this audit takes it. */
  inDistribution: string | undefined;
  /** `loadModel` options of one model. */
  loadOptions: (ref: string) => Record<string, unknown>;
}

/**
 * The model flags for a model of `format` in the default audit: `--backend` (or
 * `SNOWBLIND_BACKEND`) and `--engine tfjs` only where they can run, so `--backend wasm` picks the
 * Fashion-MNIST models' TF.js backend and the ONNX model keeps onnxruntime.
 */
function fittingLoadOptions(flags: AuditFlags, format: ModelFormat): Record<string, unknown> {
  const { backend, engine, ...rest } = loadOptions(flags);
  const onnx = format === 'onnx';
  const backendFits = backend === undefined || backend === 'auto' || (backend === 'onnx') === onnx;
  const engineFits = engine === undefined || !(onnx && engine === 'tfjs');
  return {
    ...rest,
    ...(backendFits && backend !== undefined ? { backend } : {}),
    ...(engineFits && engine !== undefined ? { engine } : {}),
  };
}

/** The audit in this process: load the models, optionally native-size noise and OOD data. */
async function localAudit(flags: AuditFlags, reg: ModelRegistry, plan: GroupAudit): Promise<AuditResult> {
  const models: Classifier[] = [];
  try {
    for (const ref of plan.refs)
      models.push(await loadModel(ref, { ...plan.loadOptions(ref), registry: reg }));
    let noise = plan.noise;
    if (plan.native) {
      const { width, height, channels } = nativeGeometry(models);
      noise = plan.native(width, height, channels);
    }
    const inDistribution = plan.inDistribution
      ? await loadInDistribution(plan.inDistribution, {
          ...(flags.idCount ? { limit: parseIntFlag('--id-count', flags.idCount, 1, MAX_COUNT) } : {}),
        })
      : undefined;
    const { count, batchSize, topK, onProgress } = plan;
    return await runAudit({
      ...(inDistribution ? { inDistribution } : {}),
      models,
      noise,
      count,
      batchSize,
      topK,
      onProgress,
    });
  } finally {
    await Promise.all(models.map((m) => m.dispose()));
  }
}

/** The input size all models share, for noise made natively at it (`--size native`). */
function nativeGeometry(models: readonly Classifier[]): { width: number; height: number; channels: 1 | 3 } {
  const shapes = models.map((m) => inputShape(m.preset, m.inputChannels));
  const first = shapes[0]!;
  if (
    shapes.some((s) => s.width !== first.width || s.height !== first.height || s.channels !== first.channels)
  ) {
    throw badFlag(
      '--size',
      'native needs models with the same input size',
      'audit them separately, or pass a pixel size',
    );
  }
  return { width: first.width, height: first.height, channels: first.channels === 1 ? 1 : 3 };
}
