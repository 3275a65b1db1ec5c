import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabels } from './labels.js';

const dir = mkdtempSync(join(tmpdir(), 'snowblind-labels-'));
let n = 0;
function file(content: string): string {
  const path = join(dir, `labels-${n++}.txt`);
  writeFileSync(path, content);
  return path;
}

describe('readLabels', () => {
  it('reads one trimmed label per line, ignoring trailing empty lines, CRLF and a BOM', async () => {
    expect(await readLabels(file('\uFEFFtench\r\n  goldfish \r\ngreat white shark\n\n'))).toEqual([
      'tench',
      'goldfish',
      'great white shark',
    ]);
  });

  it('reads a JSON array', async () => {
    expect(await readLabels(file('["cat", "dog"]'))).toEqual(['cat', 'dog']);
  });

  it('reads a JSON object keyed by index, including the Keras [wnid, label] form', async () => {
    expect(await readLabels(file('{"1": "dog", "0": "cat"}'))).toEqual(['cat', 'dog']);
    expect(await readLabels(file('{"0": ["n01440764", "tench"], "1": ["n01443537", "goldfish"]}'))).toEqual([
      'tench',
      'goldfish',
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['a blank line inside', 'cat\n\ndog\n'],
    ['invalid JSON', '{"0": "cat",}'],
    ['a JSON key gap', '{"0": "cat", "2": "dog"}'],
    ['a non-string entry', '["cat", 3]'],
  ])('rejects %s with BAD_LABELS', async (_, content) => {
    await expect(readLabels(file(content))).rejects.toMatchObject({
      code: 'BAD_LABELS',
      hint: expect.any(String),
    });
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(readLabels(join(dir, 'nope.txt'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
