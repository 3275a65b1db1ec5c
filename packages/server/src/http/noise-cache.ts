import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The noise image PNG cache (`<dir>/<spec hash>/<index>.png`) with a byte cap: past it the least
 * recently used files are deleted. Sizes are tracked in memory (a scan of the folder on first
 * use), so a full cache costs no directory walk per request.
 */
export class NoiseImageCache {
  /** Path → bytes, least recently used first (a Map keeps insertion order). */
  private entries: Map<string, number> | undefined;
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** Bytes the cache holds now. */
  get bytes(): number {
    this.load();
    return this.total;
  }

  /** The cached PNG of (`key`, `index`), or undefined. */
  async get(key: string, index: number): Promise<Uint8Array | undefined> {
    const entries = this.load();
    const file = this.file(key, index);
    const size = entries.get(file);
    if (size === undefined) return undefined;
    try {
      const png = await readFile(file);
      entries.delete(file);
      entries.set(file, size);
      return png;
    } catch {
      this.forget(file);
      return undefined;
    }
  }

  /** Store a PNG (write then rename: a concurrent reader never sees half a file), then evict. */
  async put(key: string, index: number, png: Uint8Array): Promise<void> {
    if (png.byteLength > this.maxBytes) return;
    const entries = this.load();
    const file = this.file(key, index);
    await mkdir(join(this.dir, key), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, png);
    await rename(tmp, file);
    this.forget(file);
    entries.set(file, png.byteLength);
    this.total += png.byteLength;
    for (const [oldest, size] of entries) {
      if (this.total <= this.maxBytes) break;
      entries.delete(oldest);
      this.total -= size;
      await unlink(oldest).catch(() => {});
    }
  }

  private file(key: string, index: number): string {
    return join(this.dir, key, `${index}.png`);
  }

  private forget(file: string): void {
    const size = this.entries?.get(file);
    if (size === undefined) return;
    this.entries!.delete(file);
    this.total -= size;
  }

  /** What a previous process left, oldest first. */
  private load(): Map<string, number> {
    if (this.entries) return this.entries;
    mkdirSync(this.dir, { recursive: true });
    const found: { file: string; size: number; mtime: number }[] = [];
    for (const key of readdirSync(this.dir)) {
      const folder = join(this.dir, key);
      if (!statSync(folder).isDirectory()) continue;
      for (const name of readdirSync(folder)) {
        if (!name.endsWith('.png')) continue;
        const stat = statSync(join(folder, name));
        found.push({ file: join(folder, name), size: stat.size, mtime: stat.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    this.entries = new Map(found.map((f) => [f.file, f.size]));
    this.total = found.reduce((sum, f) => sum + f.size, 0);
    return this.entries;
  }
}
