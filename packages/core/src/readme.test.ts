import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The ```ts blocks of packages/core/README.md, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/**
 * Type errors of the examples, each compiled as an ES module beside package.json (so
 * `@snowblind/core` resolves to this package's sources through the `source` condition).
 */
function typeErrors(examples: readonly string[]): string[] {
  const files = new Map(examples.map((code, i) => [`${packageDir}readme-example-${i + 1}.mts`, code]));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    strict: true,
    noUncheckedIndexedAccess: true,
    customConditions: ['source'],
    types: ['node'],
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const name = d.file!.fileName.slice(packageDir.length);
      return `${name}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

describe('packages/core/README.md', () => {
  it('has one example per area of the API', () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(9);
  });

  it('has examples that type-check against the real signatures', { timeout: 120_000 }, () => {
    // One program for all: the README's examples and, last, one that calls an API wrongly, which
    // must be the only error (so a check that reported nothing would fail here).
    const examples = readmeExamples();
    const wrong = "import { loadModel } from '@snowblind/core';\nawait loadModel(42);\n";
    expect(typeErrors([...examples, wrong])).toEqual([
      expect.stringMatching(new RegExp(`^readme-example-${examples.length + 1}\\.mts:2: .*number`)),
    ]);
  });
});
