import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SnowblindError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import { parseIdx } from './idx.js';

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The ten Fashion-MNIST classes in label order (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_LABELS = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** A labelled image set held in memory as 8-bit gray images. */
export interface LabelledImages {
  readonly name: string;
  readonly images: readonly RgbImage[];
  readonly labels: Uint8Array;
}

/** The Fashion-MNIST folder: `$FASHION_MNIST_DIR`, else Debian's location. */
export function fashionMnistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['FASHION_MNIST_DIR'] ?? DEBIAN_FASHION_MNIST_DIR;
}

/**
 * Load the Fashion-MNIST training or test split (60,000 / 10,000 gray 28×28 images).
 *
 * @param split - `train` or `test`
 * @param limit - keep only the first `limit` images
 */
export async function loadFashionMnist(
  split: 'train' | 'test',
  options: { limit?: number; dir?: string } = {},
): Promise<LabelledImages> {
  const dir = options.dir ?? fashionMnistDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  const imagesFile = join(dir, `${prefix}-images-idx3-ubyte.gz`);
  const labelsFile = join(dir, `${prefix}-labels-idx1-ubyte.gz`);
  if (!existsSync(imagesFile) || !existsSync(labelsFile)) {
    throw new SnowblindError('FILE_NOT_FOUND', `Fashion-MNIST ${split} files not found in ${dir}`, {
      hint: 'install them with `apt-get install dataset-fashion-mnist` (scripts/setup.sh does) or set FASHION_MNIST_DIR',
    });
  }
  const images = parseIdx(await readFile(imagesFile), imagesFile);
  const labels = parseIdx(await readFile(labelsFile), labelsFile);
  const [count, height, width] = images.dims as [number, number, number];
  const n = Math.min(count, options.limit ?? count);
  const size = height * width;
  return {
    name: `fashion-mnist-${split}`,
    images: Array.from({ length: n }, (_, i) => ({
      data: images.data.subarray(i * size, (i + 1) * size),
      width,
      height,
      channels: 1 as const,
    })),
    labels: labels.data.subarray(0, n),
  };
}
