import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_ONNX } from '@snowblind/test-utils';
import { type CliRun, runCli, tempHome } from './run-cli.js';

export { TINY_ONNX };

/** Write {@link TINY_ONNX}'s 8×8 preset into `home` and return its path. */
export function tinyPreset(home: string): string {
  const preset = join(home, 'tiny-preset.json');
  writeFileSync(preset, JSON.stringify({ base: 'torchvision', resize: 8, crop: [8, 8] }));
  return preset;
}

/** `--model` and `--preset` flags for {@link TINY_ONNX} (its preset is written into `home`). */
export function tinyModelFlags(home: string): string[] {
  return ['--model', TINY_ONNX, '--preset', tinyPreset(home)];
}

/**
 * Run `snowblind <command>` on {@link TINY_ONNX} (its `--model` and `--preset` flags first) in a
 * fresh SNOWBLIND_HOME; `flags` gets that home, for output paths.
 */
export async function runOnTinyModel(command: string, flags: (home: string) => string[]): Promise<CliRun> {
  const home = tempHome();
  return runCli([command, ...tinyModelFlags(home), ...flags(home)], { SNOWBLIND_HOME: home });
}
