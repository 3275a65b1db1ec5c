import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { moduleCycles, packageRoot, scannedFiles } from './import-boundaries.js';

/** The scope of the workspace's own packages. */
const SCOPE = '@snowblind/';

/** A workspace package: its folder (repo-relative), name, and the workspace packages it declares. */
export interface WorkspacePackage {
  readonly root: string;
  readonly name: string;
  /** Workspace packages in `dependencies` / `peerDependencies`: what its shipped code may use. */
  readonly runtime: ReadonlySet<string>;
  /** The runtime ones plus `devDependencies`: what its tests and tools may use. */
  readonly declared: ReadonlySet<string>;
}

/** An import of a workspace package that the importing package's package.json does not declare. */
export interface UndeclaredImport {
  readonly file: string;
  readonly specifier: string;
}

const workspaceNames = (deps: Record<string, string> | undefined) =>
  Object.keys(deps ?? {}).filter((name) => name.startsWith(SCOPE));

/** The workspace packages by folder: every scanned package root that has a package.json. */
export function workspacePackages(
  repoRoot: string,
  files = scannedFiles(repoRoot),
): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const root of new Set(files.map(packageRoot))) {
    const manifest = join(repoRoot, root, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const runtime = new Set([...workspaceNames(pkg.dependencies), ...workspaceNames(pkg.peerDependencies)]);
    packages.set(root, {
      root,
      name: pkg.name,
      runtime,
      declared: new Set([...runtime, ...workspaceNames(pkg.devDependencies)]),
    });
  }
  return packages;
}

/** `@snowblind/x` of a specifier such as `@snowblind/x/testing`, or undefined for anything else. */
export function workspacePackageOf(specifier: string): string | undefined {
  if (!specifier.startsWith(SCOPE)) return undefined;
  return specifier.split('/').slice(0, 2).join('/');
}

/**
 * Every import (static, dynamic, type-only, `export … from`) of a workspace package by a file of
 * another one whose package.json does not declare it, so the package graph Nx draws from the
 * manifests is the graph the code has.
 */
export function findUndeclaredImports(repoRoot: string): UndeclaredImport[] {
  const files = scannedFiles(repoRoot);
  const packages = workspacePackages(repoRoot, files);
  const found: UndeclaredImport[] = [];
  for (const file of files) {
    const owner = packages.get(packageRoot(file));
    if (!owner) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = workspacePackageOf(specifier);
      if (target && target !== owner.name && !owner.declared.has(target)) found.push({ file, specifier });
    }
  }
  return found;
}

/** The runtime dependency graph of the workspace packages: name → the workspace packages it depends on. */
export function runtimeGraph(packages: Iterable<WorkspacePackage>): Map<string, Set<string>> {
  return new Map([...packages].map((p) => [p.name, new Set(p.runtime)]));
}

/** Cycles of the runtime package graph, as {@link moduleCycles} writes them. */
export function packageCycles(packages: Iterable<WorkspacePackage>): string[] {
  return moduleCycles(runtimeGraph(packages));
}
