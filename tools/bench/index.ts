/**
 * `npm run bench [-- --quick]`: snowblind against the reference stack, same weights, same machine,
 * one run. Prints a table of images/s, seconds per IG explanation, peak RSS and the audit's time
 * split, each with its ratio to PyTorch (its faster mode) and to raw onnxruntime, and writes
 * `tools/bench/results/bench-<full|quick>.json` (`bench-<mode>-only-<sections>.json` with `--only`).
 *
 *   npm run bench                      # 1,000-image audits, 2 rounds, IG 200 steps, 100k-image RSS run
 *   npm run bench -- --quick           # smoke run: 64 images, 1 round, IG 20 steps, no RSS run
 *   npm run bench -- --rounds 3 --threads 2 --skip-torch --skip-tfjs --skip-rss --skip-ig
 *   npm run bench -- --only ig --ig-rounds 5   # IG alone: 5 rounds alternating the two sides
 *
 * Every measurement runs in its own child process (`lib/child.ts`), in rounds that alternate
 * raw onnxruntime, the snowblind audit and PyTorch, so that a change of machine load hits all
 * of them; medians over rounds are reported, with the 1-minute load average of each measurement.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load1, machine } from './lib/machine.js';
import {
  PYTHON,
  resnet18Onnx,
  resnet18Tfjs,
  TORCHVISION_NHWC,
  torchAvailable,
  zooMobilenet,
} from './lib/models.js';
import { type Report, renderTable, summarise } from './lib/report.js';
import type { ZooEngineRows } from './lib/zoo-report.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    threads: { type: 'string' },
    count: { type: 'string' },
    batch: { type: 'string', default: '16' },
    rounds: { type: 'string' },
    'rss-count': { type: 'string', default: '100000' },
    'skip-torch': { type: 'boolean', default: false },
    'skip-tfjs': { type: 'boolean', default: false },
    'skip-rss': { type: 'boolean', default: false },
    'skip-ig': { type: 'boolean', default: false },
    'ig-rounds': { type: 'string' },
    /** Comma-separated section names to run alone, by prefix: round, ig, tf.js, embedded, zoo, rss. */
    only: { type: 'string' },
    /** Engines of the TF.js rows (ResNet-18 copy, embedded models): onnx is the model converted. */
    'tfjs-engines': { type: 'string', default: 'onnx,wasm,cpu' },
    out: { type: 'string' },
  },
});
const quick = flags.quick!;
const threads = Number(flags.threads ?? availableParallelism());
const count = Number(flags.count ?? (quick ? 64 : 1000));
const batch = Number(flags.batch);
const rounds = Number(flags.rounds ?? (quick ? 1 : 2));
const igSteps = quick ? 20 : 200;
const igBatch = quick ? 10 : 50;
const igRoundCount = Number(flags['ig-rounds'] ?? (quick ? 1 : 3));
// `onnx`: the TF.js model converted to ONNX (engine onnx), as fast as an ONNX model.
const tfjsCount = { wasm: quick ? 16 : 160, cpu: quick ? 1 : 8, onnx: count };
const only = flags.only?.split(',').map((name) => name.trim().toLowerCase());
const tfjsEngines = flags['tfjs-engines']!.split(',').map((name) => name.trim()) as (
  | 'onnx'
  | 'wasm'
  | 'cpu'
)[];
const rssCount = Number(flags['rss-count']);

/** A measurement with the load average around it. */
export interface Measured<T> {
  readonly result: T;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly wallSeconds: number;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${load1()}] ${message}\n`);
}

/** Runs `command args` and resolves with its stdout; rejects with its stderr on failure. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONWARNINGS: 'ignore' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${args.slice(0, 2).join(' ')} failed (${code}):\n${err.slice(-3000)}`)),
    );
  });
}

async function measure<T>(
  label: string,
  command: string,
  args: string[],
  parse: (stdout: string) => T,
): Promise<Measured<T>> {
  const loadBefore = load1();
  const start = performance.now();
  log(`${label} …`);
  const result = parse(await run(command, args));
  const wallSeconds = (performance.now() - start) / 1000;
  return { result, loadBefore, loadAfter: load1(), wallSeconds };
}

/** One task of `lib/tasks.ts` in a child process with this process's loader (tsx). */
function task<T>(label: string, name: string, args: Record<string, unknown>): Promise<Measured<T>> {
  return measure(
    label,
    process.execPath,
    [...process.execArgv, join(here, 'lib', 'child.ts'), name, JSON.stringify(args)],
    (stdout) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (!line) throw new Error(`${label}: no result in\n${stdout.slice(-2000)}`);
      return JSON.parse(line.slice('BENCH_RESULT '.length)) as T;
    },
  );
}

function torch<T>(label: string, args: string[]): Promise<Measured<T>> {
  return measure(
    label,
    PYTHON,
    [join(here, 'reference_pytorch.py'), '--threads', String(threads), ...args],
    (stdout) => JSON.parse(stdout) as T,
  );
}

const report: Report = {
  startedAt: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: machine(),
  settings: { threads, count, batch, rounds, igSteps, igBatch, igRounds: igRoundCount, tfjsCount, rssCount },
  notes: [],
  rounds: [],
  ig: {},
  tfjs: [],
  embedded: [],
};

const outDir = flags.out ?? join(here, 'results');
// A partial run (--only) never overwrites the full run's results.
const file = join(
  outDir,
  only ? `bench-${report.mode}-only-${only.join('-')}.json` : `bench-${report.mode}.json`,
);
/** Writes what has been measured so far (the file is complete once the run ends). */
function save(): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...report, summary: summarise(report) }, null, 1)}\n`);
}

/** Runs one section; a failure is recorded and the bench goes on with the next one. */
async function section(name: string, body: () => Promise<void>): Promise<void> {
  if (only && !only.some((prefix) => name.toLowerCase().startsWith(prefix))) return;
  try {
    await body();
  } catch (error) {
    const message =
      error instanceof Error ? error.message.split('\n').slice(0, 6).join(' | ') : String(error);
    report.notes.push(`${name} failed: ${message}`);
    log(`${name} failed: ${message}`);
  }
  save();
}

const onnxPath = resnet18Onnx();
const haveTorch = !flags['skip-torch'] && torchAvailable();
if (!haveTorch) {
  const why = flags['skip-torch']
    ? '--skip-torch'
    : `${PYTHON} cannot import torch/torchvision/numpy (install python3-torch python3-torchvision)`;
  report.notes.push(`PyTorch side skipped: ${why}.`);
  log(`PyTorch side skipped: ${why}`);
}
if (!onnxPath) {
  report.notes.push(
    'No ResNet-18 ONNX export (needs python3-torch once): only the embedded TF.js models are measured.',
  );
}

if (onnxPath) {
  for (let r = 0; r < rounds; r++)
    await section(`round ${r + 1}`, async () => {
      const round: Report['rounds'][number] = {};
      round.rawOnnx = await task(`round ${r + 1}: raw onnxruntime`, 'rawOnnx', {
        model: onnxPath,
        count,
        batch,
        threads,
      });
      round.auditOnnx = await task(
        `round ${r + 1}: snowblind audit, onnxruntime, noise auto (in the audit thread)`,
        'audit',
        {
          model: onnxPath,
          backend: 'onnx',
          count,
          batch,
          threads,
          noiseWorkers: 'auto',
        },
      );
      round.auditOnnxWorker = await task(
        `round ${r + 1}: snowblind audit, onnxruntime, one noise worker alongside inference`,
        'audit',
        { model: onnxPath, backend: 'onnx', count, batch, threads, noiseWorkers: 1 },
      );
      if (haveTorch) {
        round.torch = await torch(`round ${r + 1}: PyTorch single + batched`, [
          '--count',
          String(count),
          '--batch',
          String(batch),
          '--modes',
          'single,batched',
        ]);
      }
      report.rounds.push(round);
    });
  if (!flags['skip-ig'])
    await section('IG', async () => {
      report.ig.rounds = [];
      for (let r = 0; r < igRoundCount; r++) {
        const round: NonNullable<Report['ig']['rounds']>[number] = {};
        report.ig.rounds.push(round);
        // Alternate which side goes first, so neither always runs on a machine the other warmed.
        const sides = [
          async () => {
            round.snowblind = await task(`IG round ${r + 1}: snowblind explain (ONNX backward graph)`, 'ig', {
              model: onnxPath,
              threads,
              steps: igSteps,
              internalBatch: igBatch,
              repeats: 1,
            });
          },
          async () => {
            if (!haveTorch) return;
            round.torch = await torch(`IG round ${r + 1}: PyTorch autograd`, [
              '--modes',
              'ig',
              '--ig-steps',
              String(igSteps),
              '--ig-batch',
              String(igBatch),
            ]);
          },
        ];
        for (const side of r % 2 ? sides.reverse() : sides) await side();
        save();
      }
    });
  if (!flags['skip-tfjs'])
    await section('TF.js ResNet-18', async () => {
      const tfjsPath = await resnet18Tfjs(onnxPath);
      for (const backend of tfjsEngines) {
        const n = tfjsCount[backend];
        report.tfjs.push({
          backend,
          raw: await task(`TF.js ${backend} ResNet-18 (same weights): raw predict`, 'rawPredict', {
            model: tfjsPath,
            backend,
            count: n,
            batch: Math.min(batch, n),
            preset: TORCHVISION_NHWC,
          }),
          audit: await task(`TF.js ${backend} ResNet-18 (same weights): audit`, 'audit', {
            model: tfjsPath,
            backend,
            count: n,
            batch: Math.min(batch, n),
            threads,
            noiseWorkers: 'auto',
            preset: TORCHVISION_NHWC,
          }),
        });
      }
    });
}

if (!flags['skip-tfjs'])
  await section('embedded TF.js models', async () => {
    for (const id of ['fmnist-cnn', 'fmnist-resnet']) {
      for (const backend of tfjsEngines) {
        report.embedded.push({
          model: id,
          backend,
          raw: await task(`${id} ${backend}: raw predict`, 'rawPredict', {
            model: id,
            backend,
            count,
            batch: 64,
          }),
          audit: await task(`${id} ${backend}: audit`, 'audit', {
            model: id,
            backend,
            count,
            batch: 64,
            threads,
            noiseWorkers: 'auto',
          }),
        });
      }
    }
  });

const mobilenet = zooMobilenet();
if (!mobilenet) report.notes.push('No ../shared/zoo: the zoo MobileNet rows are skipped.');
if (mobilenet && !flags['skip-tfjs'])
  await section('zoo MobileNet', async () => {
    report.zoo = [];
    const common = { model: mobilenet, preset: 'tf-mobilenet' };
    // The CLI's default audit batch (`snowblind audit -b 32`), as a user runs this model.
    const zooBatch = 32;
    for (const backend of ['onnx', 'wasm'] as const) {
      const rows: ZooEngineRows = { backend };
      report.zoo.push(rows);
      const n = tfjsCount[backend];
      const what = `zoo MobileNet, ${backend === 'onnx' ? 'converted' : 'TF.js wasm'}`;
      rows.raw = await task(`${what}: raw predict`, 'rawPredict', {
        ...common,
        backend,
        count: n,
        batch: zooBatch,
      });
      rows.audit = await task(`${what}: audit`, 'audit', {
        ...common,
        backend,
        count: n,
        batch: zooBatch,
        threads,
        noiseWorkers: 'auto',
      });
      rows.saliency = await task(`${what}: saliency (whole process)`, 'explainOnce', {
        ...common,
        backend,
        method: 'saliency',
      });
      save();
    }
    // TF.js wasm needs its JS conv backprop for each of the 200 rows (issue 18: unfinished after
    // 15 minutes), so only the converted model runs the full IG; wasm's saliency row is the
    // per-row reference.
    report.zoo[0]!.ig = await task(
      'zoo MobileNet, converted: IG with defaults (whole process)',
      'explainOnce',
      {
        ...common,
        backend: 'onnx',
        method: 'ig',
      },
    );
  });

if (!quick && !flags['skip-rss'])
  await section('RSS', async () => {
    report.rss = await task(`RSS: ${rssCount} images through fmnist-cnn (wasm)`, 'rss', {
      model: 'fmnist-cnn',
      backend: 'wasm',
      count: rssCount,
      batch: 64,
      noiseWorkers: 'auto',
      rng: 'numpy',
    });
  });

report.finishedAt = new Date().toISOString();
save();
const summary = summarise(report);
process.stdout.write(`${renderTable(report, summary)}\n\nwritten: ${file}\n`);
