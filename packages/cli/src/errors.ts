import { isSnowblindError, SnowblindError } from '@snowblind/core';
import { CommanderError } from 'commander';
import type { CliIo } from './io.js';

/** Exit status for a user error (bad flag, bad file, unknown model). */
export const EXIT_USER_ERROR = 2;
/** Exit status of a check that ran and failed (e.g. `gradcheck` over tolerance). */
export const EXIT_CHECK_FAILED = 1;
/** Exit status for a bug (an error that is not a SnowblindError). */
export const EXIT_INTERNAL = 70;

/**
 * Print an error as one line with its code, plus a hint line, and return the exit status.
 * Stack traces are only printed for internal errors, and only with `SNOWBLIND_DEBUG=1`.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CheckFailed) return EXIT_CHECK_FAILED;
  if (error instanceof CommanderError) {
    // commander already printed its message through our writeErr hook.
    return error.exitCode === 0 ? 0 : EXIT_USER_ERROR;
  }
  if (isSnowblindError(error)) {
    io.stderr.write(`snowblind: error [${error.code}]: ${error.message}\n`);
    if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
    if (io.env['SNOWBLIND_DEBUG'] && error.cause) io.stderr.write(`  cause: ${String(error.cause)}\n`);
    return EXIT_USER_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`snowblind: error [INTERNAL]: ${message}\n`);
  io.stderr.write(
    '  hint: this is a bug in snowblind; rerun with SNOWBLIND_DEBUG=1 and report the stack trace.\n',
  );
  if (io.env['SNOWBLIND_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

/** A BAD_INPUT error for a command-line flag. */
export function badFlag(flag: string, message: string, hint: string): SnowblindError {
  return new SnowblindError('BAD_INPUT', `${flag}: ${message}`, { hint });
}

/** Thrown by a check command after it printed its verdict, to exit with {@link EXIT_CHECK_FAILED}. */
export class CheckFailed extends Error {
  constructor() {
    super('check failed');
  }
}
