import { basename } from 'node:path';
import {
  decodeImage,
  inputShape,
  loadModel,
  type ModelRegistry,
  preprocessInto,
  softmax,
  topK,
} from '@snowblind/core';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addModelFlags, loadOptions, type ModelFlags, modelRef } from '../model-options.js';
import { parseIntFlag } from '../options.js';

interface ClassifyFlags extends ModelFlags {
  model?: string;
  top: string;
  json?: boolean;
}

/** One image's top-k, as printed by `snowblind classify --json`. */
export interface ClassifyRow {
  image: string;
  top: { rank: number; classIndex: number; label: string; probability: number }[];
}

/** `snowblind classify`: top-k labels of real images, to check a model and its preset. */
export function classifyCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  const command = new Command('classify')
    .description(
      'print the top-k labels of real images, turned upright per their EXIF orientation (check a model and its preset before an audit)',
    )
    .argument('<image...>', 'PNG or JPEG files')
    .option('-m, --model <id|path>', 'model id or file (default: the registry default)')
    .option('--top <k>', 'how many labels per image', '5')
    .option('--json', 'print JSON instead of text');
  addModelFlags(command);
  return command.action(async (images: string[], flags: ClassifyFlags) => {
    const k = parseIntFlag('--top', flags.top, 1, 1000);
    const reg = await registry();
    const model = await loadModel(modelRef(flags.model, reg), { ...loadOptions(flags), registry: reg });
    try {
      const { size } = inputShape(model.preset, model.inputChannels);
      const batch = new Float32Array(images.length * size);
      for (const [i, path] of images.entries()) {
        // Upright as a photo viewer shows it: phone photos are often stored sideways.
        preprocessInto(await decodeImage(path, { autoOrient: true }), model.preset, batch, i * size);
      }
      const output = await model.predict(batch, images.length);
      const probs = model.outputKind === 'logits' ? softmax(output, images.length, model.numClasses) : output;
      const rows: ClassifyRow[] = images.map((image, i) => {
        const row = probs.subarray(i * model.numClasses, (i + 1) * model.numClasses);
        return {
          image,
          top: topK(row, k).indices.map((classIndex, rank) => ({
            rank: rank + 1,
            classIndex,
            label: model.labels[classIndex] ?? `class ${classIndex}`,
            probability: row[classIndex]!,
          })),
        };
      });
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ model: model.id, preset: model.preset.name, backend: model.backend, results: rows }, null, 2)}\n`,
        );
        return;
      }
      io.stdout.write(`model ${model.id} · preset ${model.preset.name} · backend ${model.backend}\n`);
      for (const row of rows) {
        io.stdout.write(`\n${basename(row.image)}\n`);
        for (const hit of row.top) {
          io.stdout.write(
            `  ${String(hit.rank).padStart(2)}. ${hit.probability.toFixed(4)}  ${hit.label} (${hit.classIndex})\n`,
          );
        }
      }
    } finally {
      await model.dispose();
    }
  });
}
