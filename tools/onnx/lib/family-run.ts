/**
 * One family at one opset for `family-table.ts`: export it with `export_torchvision.py`
 * (cached), then run the built `snowblind gradcheck` and `snowblind explain --method ig` in child
 * processes under `/usr/bin/time -v`, which gives each its peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOnnxModel } from '@snowblind/core';

const PYTHON = '/usr/bin/python3';
const EXPORT = fileURLToPath(new URL('../export_torchvision.py', import.meta.url));
const CLI = fileURLToPath(new URL('../../../packages/cli/bin/snowblind.js', import.meta.url));

/**
 * Input sides some families need: torch.onnx exports AdaptiveAvgPool2d only when the feature map
 * is a multiple of its output (alexnet's and vgg's 6 × 6 and 7 × 7 pools: 224 px), and
 * inception_v3's stem needs at least 75 px. vit_b_16's 224 is fixed by export_torchvision.py.
 */
const EXPORT_SIDE: Readonly<Record<string, (size: number) => number>> = {
  alexnet: () => 224,
  vgg11: () => 224,
  inception_v3: (size) => Math.max(size, 96),
};

/** How one CLI command went. */
export interface CommandOutcome {
  readonly status: 'pass' | 'fail' | 'inconclusive' | 'error';
  /** gradcheck: max relative error; IG: convergence delta. */
  readonly value?: number;
  /** IG: the internal batch the memory budget chose. */
  readonly batch?: number;
  /** First line of the error when the command failed. */
  readonly message?: string;
  readonly peakRssMb?: number;
  readonly seconds: number;
}

/** One row of the family table. */
export interface FamilyResult {
  readonly family: string;
  readonly opset: number;
  readonly side?: number;
  readonly ops: readonly string[];
  readonly exportError?: string;
  readonly gradcheck?: CommandOutcome;
  readonly ig?: CommandOutcome;
}

/** Runs `command` under `/usr/bin/time -v` (at nice 10) and returns stdout, stderr, exit, peak RSS. */
function timed(command: string, args: readonly string[]) {
  const start = performance.now();
  const run = spawnSync('nice', ['-n', '10', '/usr/bin/time', '-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, PYTHONWARNINGS: 'ignore' },
  });
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
  return {
    stdout: run.stdout ?? '',
    stderr: (run.stderr ?? '').split(/\n\s*Command being timed:/)[0]!,
    code: run.status ?? 1,
    peakRssMb: kb ? Number(kb[1]) / 1024 : undefined,
    seconds: (performance.now() - start) / 1000,
  };
}

/** The model file, exported on first use into `dir` (random weights, dynamic batch). */
export function exportFamily(
  family: string,
  opset: number,
  size: number,
  dir: string,
): { file: string; error?: string } {
  const file = join(dir, `${family}.onnx`);
  if (existsSync(file)) return { file };
  const side = EXPORT_SIDE[family]?.(size) ?? size;
  const run = timed(PYTHON, [
    EXPORT,
    '--out',
    dir,
    '--random-weights',
    '--redraw-zero-weights',
    '--opset',
    String(opset),
    '--size',
    String(side),
    family,
  ]);
  if (run.code !== 0) return { file, error: lastLine(run.stderr) };
  return { file };
}

/** The op types of the model's graph, sorted. */
export function opsOf(file: string): { ops: string[]; side?: number } {
  const model = parseOnnxModel(new Uint8Array(readFileSync(file)));
  const ops = [...new Set((model.graph.node ?? []).map((n) => n.opType))].sort();
  const side = model.graph.input?.[0]?.type?.tensorType?.shape?.dim?.[3]?.dimValue;
  return { ops, side: side === undefined ? undefined : Number(side) };
}

/** `snowblind gradcheck --model <file> --json`. */
export function runGradcheck(file: string): CommandOutcome {
  const run = timed(process.execPath, [CLI, 'gradcheck', '--model', file, '--json']);
  const json = parseJson(run.stdout) as { status?: string; maxRelativeError?: number } | undefined;
  const status = json?.status;
  if (status === 'pass' || status === 'fail' || status === 'inconclusive') {
    return { status, value: json?.maxRelativeError, peakRssMb: run.peakRssMb, seconds: run.seconds };
  }
  return { status: 'error', message: lastLine(run.stderr), peakRssMb: run.peakRssMb, seconds: run.seconds };
}

/** `snowblind explain --model <file> --method ig --json` (200 steps, default memory budget). */
export function runIg(file: string): CommandOutcome {
  const png = file.replace(/\.onnx$/, '.ig.png');
  const run = timed(process.execPath, [
    CLI,
    'explain',
    '--model',
    file,
    '--method',
    'ig',
    '--json',
    '--quiet',
    '-o',
    png,
  ]);
  const json = parseJson(run.stdout) as
    | { convergenceDelta?: number; params?: { internalBatchSize?: number } }
    | undefined;
  if (run.code === 0 && json && Number.isFinite(json.convergenceDelta)) {
    return {
      status: 'pass',
      value: json.convergenceDelta,
      batch: json.params?.internalBatchSize,
      peakRssMb: run.peakRssMb,
      seconds: run.seconds,
    };
  }
  return { status: 'error', message: lastLine(run.stderr), peakRssMb: run.peakRssMb, seconds: run.seconds };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  return (lines.findLast((l) => /error/i.test(l)) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}
