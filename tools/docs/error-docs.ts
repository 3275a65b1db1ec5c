/** The error-code table: every code a face can show, with the package that owns it and its meaning. */
import { ERROR_CODE_DESCRIPTIONS, ERROR_CODES } from '@snowblind/core';
import { DISTRIBUTED_ERROR_CODE_DESCRIPTIONS, DISTRIBUTED_ERROR_CODES } from '@snowblind/distributed';
import { SERVER_ERROR_CODE_DESCRIPTIONS, SERVER_ERROR_CODES } from '@snowblind/server';
import { code, table } from './sections.js';

interface CodeSource {
  readonly owner: string;
  readonly codes: readonly string[];
  readonly descriptions: Readonly<Record<string, string>>;
}

const SOURCES: readonly CodeSource[] = [
  { owner: '@snowblind/core', codes: ERROR_CODES, descriptions: ERROR_CODE_DESCRIPTIONS },
  {
    owner: '@snowblind/distributed',
    codes: DISTRIBUTED_ERROR_CODES,
    descriptions: DISTRIBUTED_ERROR_CODE_DESCRIPTIONS,
  },
  { owner: '@snowblind/server', codes: SERVER_ERROR_CODES, descriptions: SERVER_ERROR_CODE_DESCRIPTIONS },
];

/**
 * One row per code, in each owner's order; a code two packages share (the server's
 * `PATH_OUTSIDE_ROOT` is also core's) is one row naming both.
 */
export function errorCodesMarkdown(): string {
  const rows = new Map<string, { owners: string[]; meaning: string }>();
  for (const { owner, codes, descriptions } of SOURCES) {
    for (const name of codes) {
      const row = rows.get(name);
      if (row) row.owners.push(owner);
      else rows.set(name, { owners: [owner], meaning: descriptions[name]! });
    }
  }
  return table(
    ['code', 'from', 'meaning'],
    [...rows].map(([name, { owners, meaning }]) => [code(name), owners.map(code).join(', '), meaning]),
  );
}
