import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONSTANT_OPS, DIFFERENTIABLE_OPS, ERROR_CODES } from '@snowblind/core';
import { describe, expect, it } from 'vitest';
import { cliCommandsMarkdown, cliOptionsMarkdown } from './cli-docs.js';
import { differentiableOpsMarkdown } from './differentiable-ops.js';
import { errorCodesMarkdown } from './error-docs.js';
import { GENERATED_SECTIONS, REGENERATE } from './generated-sections.js';
import { beginMarker, END_MARKER, replaceSection } from './sections.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('generated docs', () => {
  it.each(GENERATED_SECTIONS.map((s) => [`${s.file} ${s.name}`, s] as const))('%s is up to date', (_, s) => {
    const text = readFileSync(root + s.file, 'utf8');
    expect(
      replaceSection(text, s.name, s.render()),
      `${s.file}: the generated section "${s.name}" is stale; run \`${REGENERATE}\` and commit the result`,
    ).toBe(text);
  });
});

describe('replaceSection', () => {
  const doc = `# t\n\n${beginMarker('a')}\nold\n${END_MARKER}\n\nafter\n`;

  it('replaces only the body between the markers', () => {
    expect(replaceSection(doc, 'a', 'new')).toBe(`# t\n\n${beginMarker('a')}\nnew\n${END_MARKER}\n\nafter\n`);
  });

  it('refuses a file without the markers, naming them', () => {
    expect(() => replaceSection(doc, 'b', 'new')).toThrow('no section <!-- generated:b -->');
  });
});

describe('the generators', () => {
  it('list every top-level command and each subcommand of a group', () => {
    const commands = cliCommandsMarkdown();
    for (const name of ['audit', 'classify', 'explain', 'gradcheck', 'fool', 'doctor', 'serve', 'worker'])
      expect(commands).toContain(`\`snowblind ${name} [options]`);
    expect(commands).toContain('`snowblind models add [options] <path>`');
    expect(commands).toContain('`snowblind models remove [options] <id>`');
  });

  it("give an option's default, choices, variable and requiredness, escaping table pipes", () => {
    const options = cliOptionsMarkdown();
    expect(options).toMatch(/\| `-n, --count <n>` \| noise images per model and kind \| `1000` \|/);
    expect(options).toContain('`--engine <name>`');
    expect(options).toContain('one of `auto`, `onnx`, `tfjs`; env `SNOWBLIND_ENGINE`');
    expect(options).toContain(
      '`--redis <url>` | Redis URL, e.g. redis://127.0.0.1:6379 (env `SNOWBLIND_REDIS`; **required**)',
    );
    expect(options).toContain('`-m, --model <id\\|path>`');
  });

  it('give every error code one row', () => {
    const rows = errorCodesMarkdown().split('\n').slice(2);
    for (const name of ERROR_CODES)
      expect(rows.filter((r) => r.startsWith(`| \`${name}\` |`))).toHaveLength(1);
    expect(rows.find((r) => r.startsWith('| `PATH_OUTSIDE_ROOT` |'))).toContain(
      '`@snowblind/core`, `@snowblind/server`',
    );
    expect(rows.find((r) => r.startsWith('| `REDIS_UNAVAILABLE` |'))).toContain('`@snowblind/distributed`');
  });

  it('name every differentiable and constant op once', () => {
    const [ops, constants] = differentiableOpsMarkdown(1_000_000).split('\n\n');
    expect(ops!.split(': ').at(-1)!.replace(/\.$/, '').split(', ')).toEqual([...DIFFERENTIABLE_OPS]);
    expect(constants!.split(': ').at(-1)!.replace(/\.$/, '').split(', ')).toEqual([...CONSTANT_OPS]);
  });
});
