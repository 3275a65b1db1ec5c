import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  convertTfjsToOnnx,
  gradcheck,
  locateModelFile,
  type ModelRegistry,
  readTfjsFromDisk,
  SnowblindError,
  serializeOnnxModel,
} from '@snowblind/core';
import { Command } from 'commander';
import { CheckFailed } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseIntFlag, parseNumberFlag } from '../options.js';

interface GradcheckFlags {
  model: string;
  samples: string;
  seed: string;
  epsilon: string;
  inputScale: string;
  tolerance: string;
  json?: boolean;
}

/** `snowblind gradcheck`: ONNX backward-graph gradients (TF.js models converted) against finite differences. */
export function gradcheckCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  return new Command('gradcheck')
    .description(
      "check a model's input gradients (snowblind's ONNX backward graph; TF.js models converted) against finite differences",
    )
    .requiredOption('-m, --model <id|path>', 'ONNX file, TF.js model.json or folder, or registry id')
    .option('--samples <n>', 'random directions to check', '4')
    .option('-s, --seed <n>', 'seed of the inputs and directions', '0')
    .option(
      '--epsilon <x>',
      'finite-difference step: differences at ε·2^-10 … 4ε, the flattest three neighbouring steps are used',
      '1e-2',
    )
    .option('--input-scale <x>', 'standard deviation of the random inputs (50 for 0–255 Caffe inputs)', '1')
    .option(
      '--tolerance <x>',
      'largest relative error that passes (exact gradients of deep ReLU networks measure up to ~0.3 against float32 differences; a wrong rule gives errors of order 1)',
      '0.3',
    )
    .option('--json', 'print JSON')
    .action(async (flags: GradcheckFlags) => {
      const options = {
        samples: parseIntFlag('--samples', flags.samples, 1, 1000),
        seed: parseIntFlag('--seed', flags.seed, 0, 2 ** 32 - 1),
        // Float32 limits: smaller steps vanish in rounding, larger ones (or inputs) overflow to NaN.
        epsilon: parseNumberFlag('--epsilon', flags.epsilon, { min: 1e-6, max: 1e3 }),
        inputScale: parseNumberFlag('--input-scale', flags.inputScale, { min: 0, minOpen: true, max: 1e4 }),
      };
      const tolerance = parseNumberFlag('--tolerance', flags.tolerance, { min: 0, minOpen: true });
      const { path, bytes } = await modelBytes(flags.model, await registry());
      const result = await gradcheck(bytes, { ...options, baseDir: dirname(path) });
      // Inconclusive (every checked output constant) is not a failure: there was nothing to compare.
      const status = result.inconclusive
        ? 'inconclusive'
        : result.maxRelativeError <= tolerance
          ? 'pass'
          : 'fail';
      const passed = status === 'pass';
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ model: path, tolerance, status, passed, ...result }, null, 2)}\n`,
        );
      } else {
        io.stdout.write(`gradcheck ${path} (ε=${result.epsilon}, ${result.samples.length} directions)\n`);
        for (const s of result.samples) {
          io.stdout.write(
            `  class ${String(s.target).padStart(4)}  analytic ${s.analytic.toExponential(6).padStart(14)}  ` +
              `numeric ${s.numeric.toExponential(6).padStart(14)} (step ${s.step.toExponential(1)})  ` +
              `rel.err ${s.relativeError.toExponential(2)}${s.inconclusive ? '  (output constant)' : ''}\n`,
          );
        }
        io.stdout.write(
          result.inconclusive
            ? `INCONCLUSIVE: ${result.inconclusive}\n`
            : `${passed ? 'PASS' : 'FAIL'}: max relative error ${result.maxRelativeError.toExponential(2)} (tolerance ${tolerance})\n`,
        );
      }
      if (status === 'fail') throw new CheckFailed();
    });
}

/**
 * The ONNX bytes gradcheck differentiates: an `.onnx` file as it is, a TF.js model converted
 * exactly as `loadModel` runs it by default (same converter, same backward rules).
 */
async function modelBytes(
  ref: string,
  registry: ModelRegistry,
): Promise<{ path: string; bytes: Uint8Array }> {
  const entry = registry.get(ref);
  const path = entry ? entry.path : ref;
  const found = await locateModelFile(resolve(path));
  if (!found) {
    throw new SnowblindError('MODEL_NOT_FOUND', `no model at ${path}`, {
      hint: 'pass an .onnx file, a TF.js model.json (or its folder), or a registry id',
    });
  }
  if (found.kind === 'onnx') return { path: found.file, bytes: await readFile(found.file) };
  const source = await readTfjsFromDisk(found.file);
  return { path: found.file, bytes: serializeOnnxModel(convertTfjsToOnnx(source)) };
}
