import { type ModelRegistry, modelIdFromPath, type RegistryEntry } from '@snowblind/core';
import { Command } from 'commander';
import type { CliIo } from '../io.js';

interface AddFlags {
  id?: string;
  preset?: string;
  labels?: string;
  force?: boolean;
}

/** `snowblind models [list|add|remove]`: the built-in models and the user's registry. */
export function modelsCommand(io: CliIo, registry: () => Promise<ModelRegistry>): Command {
  const models = new Command('models').description(
    "list the models snowblind knows (built in and the user's registry)",
  );

  const list = async (flags: { json?: boolean }) => {
    const reg = await registry();
    const entries = reg.list();
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return;
    }
    const defaultId = reg.defaultId();
    const rows = entries.map((e) => [
      e.id === defaultId ? `${e.id} *` : e.id,
      e.source,
      e.format,
      presetName(e.preset),
      e.path,
    ]);
    io.stdout.write(`${formatColumns([['id', 'source', 'format', 'preset', 'path'], ...rows])}\n`);
    io.stdout.write(`\n* default model · user registry: ${reg.userPath}\n`);
  };

  models.option('--json', 'print JSON').action(list);
  models
    .command('list', { isDefault: false })
    .description('list models')
    .option('--json', 'print JSON')
    // `models list --json`: the parent's --json takes the flag, so read both.
    .action((_flags: { json?: boolean }, command: Command) => list(command.optsWithGlobals()));

  models
    .command('add')
    .description("add an ONNX file or TF.js model folder to the user's registry")
    .argument('<path>', '.onnx file, TF.js model.json, or a folder holding one')
    .option('--id <id>', 'name to use with --model (default: the file name)')
    .option('--preset <name|file.json>', 'input preset')
    .option('--labels <file>', 'class names file')
    .option('--force', 'replace a user model with the same id (a built-in model is never replaced)')
    .action(async (path: string, flags: AddFlags) => {
      const reg = await registry();
      const entry = await reg.add({
        path,
        id: flags.id ?? modelIdFromPath(path),
        ...(flags.preset === undefined ? {} : { preset: flags.preset }),
        ...(flags.labels === undefined ? {} : { labels: flags.labels }),
        force: flags.force === true,
      });
      io.stdout.write(
        `added ${entry.id} (${entry.format}, preset ${presetName(entry.preset)}) to ${reg.userPath}\n`,
      );
    });

  models
    .command('remove')
    .description("remove a model from the user's registry")
    .argument('<id>', 'model id')
    .action(async (id: string) => {
      const reg = await registry();
      await reg.remove(id);
      io.stdout.write(`removed ${id} from ${reg.userPath}\n`);
    });
  return models;
}

/** Left-aligned columns separated by two spaces. */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** How a registry entry's preset reads in a table. */
function presetName(preset: RegistryEntry['preset']): string {
  if (preset === undefined) return 'torchvision (default)';
  if (typeof preset === 'string') return preset;
  const name = (preset as { name?: unknown }).name;
  return typeof name === 'string' ? name : 'custom';
}
