/**
 * Generated sections of Markdown files: the text between `<!-- generated:<name> -->` and the next
 * `<!-- /generated -->` belongs to a generator (tools/docs/generate.ts), never to a hand edit.
 */
import { markdownTable } from 'markdown-table';

/** The opening marker of section `name`. */
export const beginMarker = (name: string): string => `<!-- generated:${name} -->`;

/** The closing marker of every section. */
export const END_MARKER = '<!-- /generated -->';

/**
 * `text` with the body of section `name` replaced by `body`.
 * @throws Error when `text` has no such section (the markers are written by hand, once).
 */
export function replaceSection(text: string, name: string, body: string): string {
  const begin = text.indexOf(beginMarker(name));
  const end = begin < 0 ? -1 : text.indexOf(END_MARKER, begin);
  if (begin < 0 || end < 0) {
    throw new Error(`no section ${beginMarker(name)} … ${END_MARKER}: add the two markers where it goes`);
  }
  const start = begin + beginMarker(name).length;
  return `${text.slice(0, start)}\n${body.trim()}\n${text.slice(end)}`;
}

/** Inline code, safe inside a table cell. */
export const code = (text: string): string => `\`${text}\``;

/** A GitHub table; `|` in cells is escaped (also inside code spans, where GitHub needs it too). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cellText = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return markdownTable([header.map(cellText), ...rows.map((row) => row.map(cellText))], {
    alignDelimiters: false,
  });
}
