import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A tiny ONNX classifier (conv net on 3×8×8) written by tools/fixtures/onnx_tiny.py. */
export const TINY_ONNX = fileURLToPath(new URL('../../core/test/fixtures/models/tiny.onnx', import.meta.url));

/** `--model` and `--preset` flags for {@link TINY_ONNX} (its 8×8 preset is written into `home`). */
export function tinyModelFlags(home: string): string[] {
  const preset = join(home, 'tiny-preset.json');
  writeFileSync(preset, JSON.stringify({ base: 'torchvision', resize: 8, crop: [8, 8] }));
  return ['--model', TINY_ONNX, '--preset', preset];
}
