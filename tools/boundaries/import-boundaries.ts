import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Folders scanned for TypeScript sources, relative to the repository root. */
const SCANNED = ['packages', 'apps', 'tools', 'examples'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'results']);

/** One import that crosses a boundary: the importing file (repo-relative, `/`) and its specifier. */
export interface ImportViolation {
  file: string;
  specifier: string;
  rule: 'package-root' | 'core-module';
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(root, path));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * The TypeScript files git tracks under {@link SCANNED} (what CI checks out; a scratch file nobody
 * added does not fail the check), or every file on disk when the tree is not a git checkout.
 */
export function scannedFiles(root: string): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '--', ...SCANNED], { cwd: root, encoding: 'utf8' });
    return listed
      .split('\n')
      .filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts') && existsSync(join(root, path)));
  } catch {
    return SCANNED.flatMap((dir) => sourceFiles(root, dir));
  }
}

/**
 * The package a repo-relative path belongs to: `packages/<name>`, `apps/<name>`,
 * `examples/<name>`, or `tools` (one private workspace package).
 */
export function packageRoot(path: string): string {
  const [top, name] = path.split('/');
  return top === 'tools' ? 'tools' : `${top}/${name}`;
}

/**
 * The core module a repo-relative path belongs to (`packages/core/src/<module>/…`), or
 * undefined for core's top-level shared files (errors.ts, index.ts) and anything outside core/src.
 */
export function coreModule(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'packages' || parts[1] !== 'core' || parts[2] !== 'src' || parts.length < 5)
    return undefined;
  return parts[3];
}

/** Whether `target` (repo-relative) is what another core module may import: an index or a types file. */
function isModuleEntry(target: string): boolean {
  const file = target.split('/').pop() ?? '';
  return /^index\.tsx?$/.test(file) || /(^|-)types\.ts$/.test(file);
}

/** The boundary an import from `file` to `target` (both repo-relative) breaks, if any. */
export function brokenRule(file: string, target: string): ImportViolation['rule'] | undefined {
  if (packageRoot(file) !== packageRoot(target)) return 'package-root';
  const to = coreModule(target);
  if (to !== undefined && to !== coreModule(file) && !isModuleEntry(target)) return 'core-module';
  return undefined;
}

/** One relative import: the importing file and the file it names (both repo-relative, `/`). */
interface RelativeImport {
  file: string;
  specifier: string;
  target: string;
}

/**
 * Every relative import (static, dynamic, `import type`, `export … from`; `new URL(…,
 * import.meta.url)` is not counted) in the scanned files.
 */
function relativeImports(repoRoot: string): RelativeImport[] {
  const imports: RelativeImport[] = [];
  for (const file of scannedFiles(repoRoot)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const absolute = resolve(repoRoot, dirname(file), specifier).replace(/\.js(x?)$/, '.ts$1');
      imports.push({ file, specifier, target: relative(repoRoot, absolute).split(sep).join('/') });
    }
  }
  return imports;
}

/**
 * Every relative import under packages/, apps/, tools/ and examples/ that crosses a package root
 * or reaches into another core module's private files instead of its `index.ts` / types file.
 */
export function findImportViolations(repoRoot: string): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const { file, specifier, target } of relativeImports(repoRoot)) {
    const rule = brokenRule(file, target);
    if (rule) violations.push({ file, specifier, rule });
  }
  return violations.sort((a, b) => `${a.file} ${a.specifier}`.localeCompare(`${b.file} ${b.specifier}`));
}

/** Whether a core file is a test or a test helper (tests may import across the module graph). */
function isTestFile(path: string): boolean {
  const file = path.split('/').pop() ?? '';
  return /\.test(-d)?\.tsx?$/.test(file) || file.startsWith('test-');
}

/**
 * Core's module graph: module → the modules its non-test files import (type-only imports
 * included: a type is part of the dependency too).
 */
export function coreModuleGraph(repoRoot: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { file, target } of relativeImports(repoRoot)) {
    const from = coreModule(file);
    const to = coreModule(target);
    if (from === undefined || isTestFile(file)) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (to !== undefined && to !== from) graph.get(from)!.add(to);
  }
  return graph;
}

/**
 * The cycles of a module graph: its strongly connected components of more than one module
 * (Tarjan's algorithm), each sorted, as `a ↔ b ↔ c`.
 */
export function moduleCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort().join(' ↔ '));
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles.sort();
}
