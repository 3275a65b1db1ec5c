import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/error-of.js';
import { saveToDisk, tinyConv } from '../../test/tiny-models.js';
import { readTfjsFromDisk } from './tfjs-from-disk.js';

let dir: string;
let count = 0;

/** A copy of the tiny model's model.json with its first weights group changed by `edit`. */
async function variant(edit: (group: { paths: unknown[]; weights: unknown[] }) => void): Promise<string> {
  const folder = join(dir, `v${count++}`);
  await mkdir(folder);
  const json = JSON.parse(await readFile(join(dir, 'good', 'model.json'), 'utf8'));
  edit(json.weightsManifest[0]);
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  await writeFile(join(folder, 'weights.bin'), await readFile(join(dir, 'good', 'weights.bin')));
  return join(folder, 'model.json');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'snowblind-tfjs-disk-'));
  const model = tinyConv(false);
  await saveToDisk(model, join(dir, 'good'));
  model.dispose();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTfjsFromDisk refuses hostile manifests before reading weights', () => {
  it('one weight file listed 10,000 times is BAD_MODEL from its sizes alone', async () => {
    const path = await variant((g) => {
      g.paths = Array.from({ length: 10_000 }, () => 'weights.bin');
    });
    const error = await errorOf(readTfjsFromDisk(path));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toMatch(/bytes, its shapes need/);
  });

  it('a weight spec without a shape is BAD_MODEL, not a crash', async () => {
    const path = await variant((g) => {
      g.weights = [{ name: 'w', dtype: 'float32' }];
    });
    const error = await errorOf(readTfjsFromDisk(path));
    expect(error.code).toBe('BAD_MODEL');
    expect(error.message).toMatch(/without a name, dtype or shape/);
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)(
    'a weight file that is a FIFO is BAD_MODEL, never opened (it would block)',
    async () => {
      const path = await variant((g) => {
        g.paths = ['pipe.bin'];
      });
      expect(spawnSync('mkfifo', [join(path, '..', 'pipe.bin')]).status).toBe(0);
      const error = await errorOf(readTfjsFromDisk(path));
      expect(error.code).toBe('BAD_MODEL');
      expect(error.message).toMatch(/pipe\.bin \(group 1\) is not a regular file/);
    },
  );
});
