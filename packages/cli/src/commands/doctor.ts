import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import {
  createOnnxSession,
  isSnowblindError,
  type ModelRegistry,
  selectTfBackend,
  setEngineLogger,
  TF_BACKEND_LADDER,
} from '@snowblind/core';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { formatColumns } from './models.js';

/** One engine or device and whether this machine can use it. */
export interface DoctorCheck {
  readonly name: string;
  readonly available: boolean;
  /** What was found, or why it is missing and how to get it. */
  readonly detail: string;
}

/** `snowblind doctor`: the engines and devices found, and why the others are missing. */
export function doctorCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  return new Command('doctor')
    .description('list the engines and devices snowblind can use here, and why the others are missing')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const checks = await runChecks(registry);
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ node: process.version, cores: availableParallelism(), checks }, null, 2)}\n`,
        );
        return;
      }
      io.stdout.write(
        `node ${process.version} · ${process.platform} ${process.arch} · ${availableParallelism()} cores\n\n`,
      );
      const rows = checks.map((c) => [c.name, c.available ? 'yes' : 'no', c.detail]);
      io.stdout.write(`${formatColumns([['engine / device', 'usable', 'detail'], ...rows])}\n`);
    });
}

/** Every check, in the order they are printed. */
export async function runChecks(registry: () => Promise<ModelRegistry>): Promise<DoctorCheck[]> {
  const reg = await registry();
  const onnx = reg.list().find((e) => e.format === 'onnx' && e.source === 'builtin');
  const checks: DoctorCheck[] = [];
  for (const device of ['cpu', 'cuda'] as const) checks.push(await onnxCheck(device, onnx?.path));
  // The ladder reports failures through the engine logger: keep them for the detail column.
  const logged: string[] = [];
  const previous = setEngineLogger((line) => logged.push(line));
  try {
    for (const name of TF_BACKEND_LADDER) checks.push(await tfCheck(name, logged));
  } finally {
    setEngineLogger(previous);
  }
  checks.push(gpuCheck());
  checks.push({
    name: 'built-in models',
    available: reg.list().some((e) => e.source === 'builtin'),
    detail: reg.builtinPath
      ? `${reg.list().filter((e) => e.source === 'builtin').length} in ${reg.builtinPath}`
      : 'none found (set SNOWBLIND_MODELS to a folder holding registry.json)',
  });
  return checks;
}

async function onnxCheck(device: 'cpu' | 'cuda', model: string | undefined): Promise<DoctorCheck> {
  const name = `onnxruntime ${device}`;
  if (model === undefined) return { name, available: false, detail: 'no built-in ONNX model to try it on' };
  try {
    const session = await createOnnxSession(model, { device, threads: 1 });
    await session.release();
    return {
      name,
      available: true,
      detail: device === 'cpu' ? 'bundled CPU provider' : 'CUDA execution provider',
    };
  } catch (error) {
    return { name, available: false, detail: reason(error) };
  }
}

async function tfCheck(name: (typeof TF_BACKEND_LADDER)[number], logged: string[]): Promise<DoctorCheck> {
  const before = logged.length;
  try {
    await selectTfBackend(name);
    return { name: `TF.js ${name}`, available: true, detail: 'loads' };
  } catch (error) {
    const log = logged
      .slice(before)
      .join(' ')
      .replace(/^snowblind: /, '');
    return { name: `TF.js ${name}`, available: false, detail: log || reason(error) };
  }
}

function gpuCheck(): DoctorCheck {
  const run = spawnSync('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (run.status === 0 && run.stdout.trim() !== '') {
    return { name: 'NVIDIA GPU', available: true, detail: run.stdout.trim().split('\n').join('; ') };
  }
  return {
    name: 'NVIDIA GPU',
    available: false,
    detail: run.error
      ? 'nvidia-smi not found (no NVIDIA driver): CPU engines only'
      : `nvidia-smi found no GPU (${(run.stderr || run.stdout).trim().split('\n')[0]})`,
  };
}

/** A failure as one line: a SnowblindError's message and hint, else the first line. */
function reason(error: unknown): string {
  if (isSnowblindError(error)) return error.hint ? `${error.message}; ${error.hint}` : error.message;
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
