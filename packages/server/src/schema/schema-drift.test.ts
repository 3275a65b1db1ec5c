import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema } from './index.js';

const committed = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

describe('schema.graphql', () => {
  it('matches the Pothos schema (run with UPDATE_SCHEMA=1 to rewrite it)', () => {
    const printed = printedSchema();
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(committed, printed);
    // Compared as schemas, so formatting the committed file (Biome) is not drift.
    expect(printSchema(buildSchema(readFileSync(committed, 'utf8')))).toBe(printSchema(buildSchema(printed)));
  });
});
