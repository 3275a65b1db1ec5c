import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printedSchema } from './index.js';

const committed = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('schema.graphql', () => {
  it('matches the Pothos schema (run with UPDATE_SCHEMA=1 to rewrite it)', () => {
    const printed = printedSchema();
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(committed, printed);
    expect(readFileSync(committed, 'utf8')).toBe(printed);
  });
});
