import { readFile } from 'node:fs/promises';
import { SnowblindError } from '../errors.js';

/**
 * Read class labels, index i being the name of class i. Accepted forms:
 * - text, one label per line (trimmed; trailing empty lines ignored; CRLF and a BOM tolerated);
 * - a JSON array of strings;
 * - a JSON object keyed `"0"`, `"1"`, … whose values are strings or arrays ending in the label,
 *   e.g. Keras' `imagenet_class_index.json` (`{"0": ["n01440764", "tench"], …}`).
 *
 * @throws `FILE_NOT_FOUND` when the file does not exist; `BAD_LABELS` when it is empty, has an
 *   empty line inside the list, or the JSON is not one of the forms above.
 */
export async function readLabels(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SnowblindError(missing ? 'FILE_NOT_FOUND' : 'BAD_LABELS', `cannot read labels file ${path}`, {
      hint: missing ? 'Check the path of the labels file.' : 'Check that the labels path is a readable file.',
      cause,
    });
  }
  text = text.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  const labels =
    trimmed.startsWith('[') || trimmed.startsWith('{') ? fromJson(trimmed, path) : fromLines(text, path);
  if (labels.length === 0) {
    throw new SnowblindError('BAD_LABELS', `labels file ${path} has no labels`, {
      hint: 'Write one label per line, in class-index order.',
    });
  }
  return labels;
}

function fromLines(text: string, path: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const blank = lines.indexOf('');
  if (blank >= 0) {
    // A blank line inside the list would shift every later class index by one.
    throw new SnowblindError('BAD_LABELS', `labels file ${path} has an empty line ${blank + 1}`, {
      hint: 'Remove the empty line or give that class a name; line i must be the label of class i − 1.',
    });
  }
  return lines;
}

function fromJson(text: string, path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SnowblindError('BAD_LABELS', `labels file ${path} is not valid JSON`, {
      hint: 'Fix the JSON, or write one label per line as plain text.',
      cause,
    });
  }
  if (Array.isArray(value)) return value.map((entry, i) => labelOf(entry, String(i), path));
  if (value === null || typeof value !== 'object') throw badShape(path);
  const entries = Object.entries(value as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [key, entry] of entries) {
    const index = Number(key);
    if (!/^\d+$/.test(key) || index >= entries.length || labels[index] !== undefined) {
      throw new SnowblindError('BAD_LABELS', `labels file ${path}: key "${key}" is not a class index`, {
        hint: `Keys must be "0" … "${entries.length - 1}", each once.`,
      });
    }
    labels[index] = labelOf(entry, key, path);
  }
  return labels;
}

function labelOf(entry: unknown, key: string, path: string): string {
  const label = Array.isArray(entry) ? entry[entry.length - 1] : entry;
  if (typeof label !== 'string' || label.trim() === '') {
    throw new SnowblindError('BAD_LABELS', `labels file ${path}: entry ${key} is not a label string`, {
      hint: 'Each entry must be a non-empty string (or an array ending in one, like ["n01440764", "tench"]).',
    });
  }
  return label.trim();
}

function badShape(path: string): SnowblindError {
  return new SnowblindError('BAD_LABELS', `labels file ${path} is not a JSON array or object`, {
    hint: 'Use ["cat", "dog", …], {"0": "cat", "1": "dog", …}, or one label per line.',
  });
}
