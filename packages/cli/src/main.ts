import { readFileSync } from 'node:fs';
import { ModelRegistry } from '@snowblind/core';
import { Command, CommanderError } from 'commander';
import { auditCommand } from './commands/audit.js';
import { classifyCommand } from './commands/classify.js';
import { doctorCommand } from './commands/doctor.js';
import { explainCommand } from './commands/explain.js';
import { foolCommand } from './commands/fool.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { modelsCommand } from './commands/models.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';
import { reportError } from './errors.js';
import { type CliIo, processIo } from './io.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Build the `snowblind` program writing to `io`. */
export function createProgram(io: CliIo): Command {
  let opened: Promise<ModelRegistry> | undefined;
  const registry = () => {
    opened ??= ModelRegistry.open(io.env['SNOWBLIND_HOME'] ? { home: io.env['SNOWBLIND_HOME'] } : {});
    return opened;
  };
  const program = new Command('snowblind')
    .description('audit image classifiers against random noise')
    .version(version)
    .addCommand(auditCommand(io, registry))
    .addCommand(classifyCommand(io, registry))
    .addCommand(explainCommand(io, registry))
    .addCommand(gradcheckCommand(io, registry))
    .addCommand(foolCommand(io, registry))
    .addCommand(modelsCommand(io, registry))
    .addCommand(doctorCommand(io, registry))
    .addCommand(serveCommand(io))
    .addCommand(workerCommand(io));
  configure(program, io);
  return program;
}

/** Route commander's output to `io`, and format its parse errors like ours (code + hint). */
function configure(command: Command, io: CliIo): void {
  const name = command.parent ? `snowblind ${command.name()}` : 'snowblind';
  command.showHelpAfterError(`  hint: run \`${name} --help\` for usage`);
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(`snowblind: error [BAD_INPUT]: ${text.replace(/^error: /, '')}`),
  });
  for (const sub of command.commands) configure(sub, io);
}

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit status.
 * Never throws: user errors print `error [CODE]` and a hint and return 2.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await createProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    return reportError(error, io);
  }
}
