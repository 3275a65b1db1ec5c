import { BACKEND_CHOICES, ENGINE_CHOICES, type ModelRegistry, SnowblindError } from '@snowblind/core';
import { type Command, Option } from 'commander';
import { badFlag } from './errors.js';

/** Flags every command that loads a model accepts. */
export interface ModelFlags {
  preset?: string;
  labels?: string;
  backend?: string;
  engine?: string;
  device?: string;
}

/**
 * Add `--preset`, `--labels`, `--engine`, `--backend` and `--device` to a command.
 *
 * `--engine` says what runs a TF.js model: `auto` converts it to ONNX and runs it on onnxruntime,
 * or on TF.js when a layer does not convert; `onnx` and `tfjs` force one. `--backend` picks the
 * TF.js backend, so naming one implies `--engine tfjs`, and `--backend onnx` implies `--engine onnx`.
 */
export function addModelFlags(command: Command): Command {
  return command
    .option(
      '--preset <name|file.json>',
      'input preset: torchvision, caffe-bgr, tf-mobilenet, fashion-mnist, or a JSON file',
    )
    .option('--labels <file>', 'class names, one per line (or a JSON array)')
    .addOption(
      new Option(
        '--engine <name>',
        'what runs a TF.js model: onnx (converted, on onnxruntime), tfjs, or auto (onnx when every layer converts) (default: auto)',
      )
        .choices([...ENGINE_CHOICES])
        .env('SNOWBLIND_ENGINE'),
    )
    .addOption(
      new Option(
        '--backend <name>',
        'TF.js backend for the TF.js engine (naming one implies --engine tfjs; onnx means --engine onnx); .onnx files always run on onnxruntime',
      )
        .choices([...BACKEND_CHOICES])
        .env('SNOWBLIND_BACKEND'),
    )
    .addOption(
      new Option('--device <device>', 'onnxruntime execution provider')
        .choices(['cpu', 'cuda'])
        .default('cpu'),
    );
}

/** Turn parsed flags into core `loadModel` options (only the ones the user set). */
export function loadOptions(flags: ModelFlags): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (flags.preset !== undefined) options['preset'] = flags.preset;
  if (flags.labels !== undefined) options['labels'] = flags.labels;
  if (flags.backend !== undefined) options['backend'] = flags.backend;
  if (flags.engine !== undefined) options['engine'] = flags.engine;
  if (flags.device !== undefined) options['device'] = flags.device;
  return options;
}

/** The registry's default model id, or a coded error when there is none. */
export function defaultModel(registry: ModelRegistry): string {
  const id = registry.defaultId();
  if (id === undefined) {
    throw new SnowblindError('MODEL_NOT_FOUND', 'no model given and the registry has no default model', {
      hint: 'pass --model <id|path>, or add one with `snowblind models add <file> --id <id>`',
    });
  }
  return id;
}

/**
 * The model `--model` names, or the registry default when it is not given.
 * @throws SnowblindError `BAD_INPUT` for an empty name (it would resolve to the current folder).
 */
export function modelRef(given: string | undefined, registry: ModelRegistry): string {
  if (given === undefined) return defaultModel(registry);
  if (given.trim() === '') {
    throw badFlag(
      '--model',
      'the model name is empty',
      'pass a model id or file, or leave --model out for the default',
    );
  }
  return given;
}
