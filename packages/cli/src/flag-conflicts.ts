import type { Command } from 'commander';
import { badFlag } from './errors.js';

/**
 * Throws when the user typed one of `flags` (long names, e.g. `--samples`) on the command line:
 * flags that another choice makes meaningless must not be silently ignored. Defaults do not count.
 * @param context - Why they do nothing, e.g. `with --method saliency`.
 * @param hint - What to do instead.
 * @throws SnowblindError `BAD_INPUT` naming the first such flag.
 */
export function refuseFlags(command: Command, flags: readonly string[], context: string, hint: string): void {
  const given = flags.filter((flag) => typed(command, flag));
  if (given.length > 0) {
    throw badFlag(given.join(', '), `${given.length > 1 ? 'have' : 'has'} no effect ${context}`, hint);
  }
}

/** True when the user typed `flag` on the command line (not a default or environment value). */
export function typed(command: Command, flag: string): boolean {
  return command.getOptionValueSource(attribute(flag)) === 'cli';
}

/** commander's attribute name of a long flag: `--save-attributions` → `saveAttributions`. */
function attribute(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
