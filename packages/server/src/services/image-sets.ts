import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInside } from '@snowblind/core';
import { coded } from '../errors.js';
import type { CheckedImage } from './image-set-files.js';

/** An uploaded in-distribution image set, as `set.json` in its folder keeps it. */
export interface ImageSetRecord {
  readonly id: string;
  readonly name: string;
  /** Images in the set. */
  readonly count: number;
  /** Bytes of its files. */
  readonly bytes: number;
  readonly createdAt: string;
  /** The client's file names, in the set's order. */
  readonly files: readonly string[];
}

/** How many sets, and how many bytes in all, the data dir keeps before uploads are refused. */
export interface ImageSetLimits {
  /** @defaultValue 100 */
  readonly maxSets: number;
  /** @defaultValue 2 GiB */
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: ImageSetLimits = { maxSets: 100, maxBytes: 2 * 1024 ** 3 };

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const META = 'set.json';

/**
 * In-distribution image sets users upload (their own photos, as the CLI's `--in-distribution
 * <folder>`), one folder each under `<data-dir>/image-sets/<id>/`: the images as `0000.jpg`,
 * `0001.png`, … (upload order is name order, which core's folder reader sorts by) and `set.json`.
 * A set is written to a hidden folder and renamed into place, so a failed upload leaves nothing
 * and a listed set is always whole.
 */
export class ImageSetService {
  readonly root: string;

  constructor(
    dataDir: string,
    private readonly limits: ImageSetLimits = DEFAULT_LIMITS,
  ) {
    this.root = join(dataDir, 'image-sets');
  }

  /**
   * Store checked images as a new set.
   * @throws STORE_FULL when the sets kept would pass {@link ImageSetLimits}
   */
  async create(name: string, images: readonly CheckedImage[]): Promise<ImageSetRecord> {
    await this.checkRoom(images.reduce((sum, image) => sum + image.bytes.length, 0));
    const id = randomUUID();
    await mkdir(this.root, { recursive: true });
    const staging = resolveInside(this.root, `.upload-${id}`, 'image set');
    const record: ImageSetRecord = {
      id,
      name,
      count: images.length,
      bytes: images.reduce((sum, image) => sum + image.bytes.length, 0),
      createdAt: new Date().toISOString(),
      files: images.map((image) => image.name),
    };
    try {
      await mkdir(staging);
      for (const [i, image] of images.entries())
        await writeFile(join(staging, `${String(i).padStart(4, '0')}${image.extension}`), image.bytes);
      await writeFile(join(staging, META), JSON.stringify(record));
      await rename(staging, this.folder(id));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return record;
  }

  /** Every stored set, newest first. */
  async list(): Promise<ImageSetRecord[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const sets = await Promise.all(names.filter((n) => ID.test(n)).map((n) => this.read(n)));
    return sets
      .filter((s): s is ImageSetRecord => s !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** @throws IMAGE_SET_NOT_FOUND */
  async get(id: string): Promise<ImageSetRecord> {
    const set = ID.test(id) ? await this.read(id) : undefined;
    if (!set) {
      throw coded(
        'IMAGE_SET_NOT_FOUND',
        `no image set with id "${id.slice(0, 100)}"`,
        'list them with imageSets, or upload one with uploadImageSet',
      );
    }
    return set;
  }

  /** Remove a set and its images. @throws IMAGE_SET_NOT_FOUND */
  async delete(id: string): Promise<ImageSetRecord> {
    const set = await this.get(id);
    // Renamed away first, so a set half deleted is never listed.
    const doomed = resolveInside(this.root, `.delete-${id}`, 'image set');
    await rename(this.folder(id), doomed);
    await rm(doomed, { recursive: true, force: true });
    return set;
  }

  private async checkRoom(bytes: number): Promise<void> {
    const sets = await this.list();
    const stored = sets.reduce((sum, set) => sum + set.bytes, 0);
    if (sets.length < this.limits.maxSets && stored + bytes <= this.limits.maxBytes) return;
    const { maxSets, maxBytes } = this.limits;
    throw coded(
      'STORE_FULL',
      `the server keeps at most ${maxSets} image sets and ${Math.round(maxBytes / 1024 ** 2)} MB of them; this upload would pass that`,
      'delete image sets you no longer need (deleteImageSet), then upload again',
    );
  }

  /** The folder of a set's images (the id-scores job reads it with core's folder reader). */
  folder(id: string): string {
    if (!ID.test(id)) throw coded('IMAGE_SET_NOT_FOUND', `no image set with id "${id.slice(0, 100)}"`);
    return resolveInside(this.root, id, 'image set');
  }

  private async read(id: string): Promise<ImageSetRecord | undefined> {
    const file = join(this.folder(id), META);
    if (!existsSync(file)) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as ImageSetRecord;
  }
}
