import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { encodePng, noiseImage } from '@snowblind/core';
import type { NoiseSample } from './noise-audit.js';

/** Where failing noise images go when `artifactsDir` is not given: `.snowblind/artifacts` under cwd. */
export const DEFAULT_ARTIFACTS_DIR = join('.snowblind', 'artifacts');

/** A file-name-safe slug of a test or model name. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return s || 'gate';
}

/** `01-gaussian-seed1-i17-sandal-0.973.png`: rank, kind, seed, index, label, confidence. */
export function artifactName(rank: number, sample: NoiseSample): string {
  const r = String(rank + 1).padStart(2, '0');
  const { kind, seed } = sample.spec;
  return `${r}-${kind}-seed${seed}-i${sample.index}-${slug(sample.label)}-${sample.confidence.toFixed(3)}.png`;
}

/**
 * Writes the given samples' noise images as PNGs (regenerated from their spec and index) into
 * `dir/<slug(name)>/`, replacing what an earlier run of the same gate left there.
 * @returns the written paths, relative to cwd when inside it.
 */
export async function writeArtifacts(
  dir: string,
  name: string,
  samples: readonly NoiseSample[],
): Promise<string[]> {
  const folder = resolve(dir, slug(name));
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (const [rank, sample] of samples.entries()) {
    const path = join(folder, artifactName(rank, sample));
    await writeFile(path, await encodePng(noiseImage(sample.spec, sample.index)));
    const rel = relative(process.cwd(), path);
    paths.push(rel.startsWith('..') ? path : rel);
  }
  return paths;
}
