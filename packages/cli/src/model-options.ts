import { BACKEND_CHOICES, type ModelRegistry, SnowblindError } from '@snowblind/core';
import { type Command, Option } from 'commander';
import { badFlag } from './errors.js';

/** Flags every command that loads a model accepts. */
export interface ModelFlags {
  preset?: string;
  labels?: string;
  backend?: string;
  device?: string;
}

/** Add `--preset`, `--labels`, `--backend` and `--device` to a command. */
export function addModelFlags(command: Command): Command {
  return command
    .option(
      '--preset <name|file.json>',
      'input preset: torchvision, caffe-bgr, tf-mobilenet, fashion-mnist, or a JSON file',
    )
    .option('--labels <file>', 'class names, one per line (or a JSON array)')
    .addOption(
      new Option('--backend <name>', 'engine: auto picks onnxruntime for .onnx, else the best TF.js backend')
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
