import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageSetService } from './image-sets.js';

const image = (name: string, size: number) => ({ name, bytes: new Uint8Array(size), extension: '.png' });

describe('ImageSetService limits', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a set past the count or byte limit with STORE_FULL, and takes one again after a delete', async () => {
    dir = await mkdtemp(join(tmpdir(), 'snowblind-sets-'));
    const sets = new ImageSetService(dir, { maxSets: 2, maxBytes: 1000 });
    const first = await sets.create('a', [image('a.png', 300)]);
    await sets.create('b', [image('b.png', 300)]);
    await expect(sets.create('c', [image('c.png', 10)])).rejects.toMatchObject({
      extensions: { code: 'STORE_FULL' },
    });
    await sets.delete(first.id);
    await expect(sets.create('too big', [image('d.png', 701)])).rejects.toMatchObject({
      extensions: { code: 'STORE_FULL', hint: expect.stringContaining('deleteImageSet') },
    });
    await sets.create('fits', [image('e.png', 700)]);
    expect((await sets.list()).map((s) => s.name).sort()).toEqual(['b', 'fits']);
    // Nothing half-written is left by the refused uploads.
    expect((await readdir(sets.root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
