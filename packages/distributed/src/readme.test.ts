import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISTRIBUTED_ERROR_CODE_DESCRIPTIONS, DISTRIBUTED_ERROR_CODES } from './errors.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every error code of the package with its description, and no other', () => {
    const rows = [...README.matchAll(/^\| `([A-Z_]+)` \| (.+) \|$/gm)].map(([, code, text]) => [code, text]);
    expect(rows).toEqual(
      DISTRIBUTED_ERROR_CODES.map((code) => [code, DISTRIBUTED_ERROR_CODE_DESCRIPTIONS[code]]),
    );
  });
});
