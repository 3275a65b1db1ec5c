/**
 * The CLI's command and option tables, read from the commander program `createProgram` builds
 * (nothing runs: commands only act in their action handlers).
 */
import { createProgram, memoryIo } from '@snowblind/cli';
import type { Command, Option } from 'commander';
import { code, table } from './sections.js';

/** The `snowblind` program as `main` builds it. */
function program(): Command {
  return createProgram(memoryIo());
}

/** A command's name with its parents' (`snowblind models add`). */
function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** `snowblind <name> [options] <args>` of a command. */
const usage = (command: Command): string => `${fullName(command)} ${command.usage()}`.trim();

/** Every command a user types: the top-level ones and, for groups such as `models`, each subcommand. */
function leafCommands(root: Command): Command[] {
  return root.commands.flatMap((c) => [c, ...c.commands]);
}

/** The table of commands: `snowblind <command>` and what it does. */
export function cliCommandsMarkdown(): string {
  return table(
    ['command', 'what it does'],
    leafCommands(program()).map((c) => [code(usage(c)), c.description()]),
  );
}

/** What an option's default is, as `--help` would say it. */
function defaultOf(option: Option): string {
  if (option.defaultValue === undefined) return '';
  const value = option.defaultValueDescription ?? JSON.stringify(option.defaultValue);
  return code(value.replace(/^"(.*)"$/, '$1'));
}

/** One row of an options table: flags, meaning (with choices, variable, required) and default. */
function optionRow(option: Option): string[] {
  const notes = [
    option.argChoices ? `one of ${option.argChoices.map(code).join(', ')}` : '',
    option.envVar ? `env ${code(option.envVar)}` : '',
    option.mandatory ? '**required**' : '',
  ].filter(Boolean);
  const meaning = notes.length ? `${option.description} (${notes.join('; ')})` : option.description;
  return [code(option.flags), meaning, defaultOf(option)];
}

/** An option's identity across commands: the same flags, text and default are one shared option. */
const optionKey = (option: Option): string =>
  JSON.stringify([option.flags, option.description, option.defaultValue, option.argChoices]);

/** A command's name as typed after `snowblind` (`audit`, `models add`). */
const commandName = (command: Command): string => fullName(command).replace(/^snowblind /, '');

/**
 * Per command, its own options; options that three or more commands share identically (the
 * model-loading flags, `--json`) come first, once, with the commands that take them.
 */
export function cliOptionsMarkdown(): string {
  const commands = leafCommands(program()).filter((c) => c.options.length > 0);
  const takers = new Map<string, { option: Option; commands: string[] }>();
  for (const command of commands) {
    for (const option of command.options) {
      const entry = takers.get(optionKey(option)) ?? { option, commands: [] };
      entry.commands.push(commandName(command));
      takers.set(optionKey(option), entry);
    }
  }
  const shared = [...takers.values()].filter((e) => e.commands.length >= 3);
  const isShared = (option: Option) => takers.get(optionKey(option))!.commands.length >= 3;
  const parts = [
    'Options several commands take:',
    '',
    table(
      ['option', 'meaning', 'default', 'commands'],
      shared.map((e) => [...optionRow(e.option), e.commands.join(', ')]),
    ),
  ];
  for (const command of commands) {
    const own = command.options.filter((o) => !isShared(o));
    if (own.length === 0) continue;
    parts.push(
      '',
      `**${code(usage(command))}**`,
      '',
      table(['option', 'meaning', 'default'], own.map(optionRow)),
    );
  }
  return parts.join('\n');
}
