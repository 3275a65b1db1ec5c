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
function scannedFiles(root: string): string[] {
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

/**
 * Every relative import (static, dynamic, `export … from`, `new URL(…, import.meta.url)` is not
 * counted) under packages/, apps/, tools/ and examples/ that crosses a package root or reaches
 * into another core module's private files instead of its `index.ts` / types file.
 */
export function findImportViolations(repoRoot: string): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const file of scannedFiles(repoRoot)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const absolute = resolve(repoRoot, dirname(file), specifier).replace(/\.js(x?)$/, '.ts$1');
      const target = relative(repoRoot, absolute).split(sep).join('/');
      const rule = brokenRule(file, target);
      if (rule) violations.push({ file, specifier, rule });
    }
  }
  return violations.sort((a, b) => `${a.file} ${a.specifier}`.localeCompare(`${b.file} ${b.specifier}`));
}
