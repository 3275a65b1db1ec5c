/**
 * @snowblind/cli — the `snowblind` command, usable in-process through {@link main}.
 * @packageDocumentation
 */

export { type CliIo, memoryIo, processIo } from './io.js';
export { createProgram, main } from './main.js';
