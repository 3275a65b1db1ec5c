/**
 * @snowblind/cli — the `snowblind` command, usable in-process through {@link main}.
 * @packageDocumentation
 */
export { main, createProgram } from './main.js';
export { type CliIo, memoryIo, processIo } from './io.js';
