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

/** A split as two flat arrays: `count` row-major `height × width` gray images and their labels. */
export interface FashionMnistArrays {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Read the Fashion-MNIST training or test split (60,000 / 10,000 gray 28×28 images) from its
 * gzipped IDX files, as flat arrays (what a trainer wants).
 *
 * @param limit - keep only the first `limit` images
 * @throws SnowblindError `FILE_NOT_FOUND` with an install hint when the files are missing,
 *   `BAD_INPUT` when they are not matching IDX image and label files
 */
export async function loadFashionMnistArrays(
  split: 'train' | 'test',
  options: { limit?: number; dir?: string } = {},
): Promise<FashionMnistArrays> {
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
  const [total, height, width] = images.dims as [number, number, number];
  if (images.dims.length !== 3 || labels.dims.length !== 1 || labels.dims[0] !== total) {
    throw new SnowblindError(
      'BAD_INPUT',
      `${imagesFile} and ${labelsFile} do not hold matching images and labels`,
      {
        hint: 'reinstall dataset-fashion-mnist',
      },
    );
  }
  const count = Math.min(total, options.limit ?? total);
  return {
    images: images.data.subarray(0, count * height * width),
    labels: labels.data.subarray(0, count),
    count,
    height,
    width,
  };
}

/**
 * Load the Fashion-MNIST training or test split as labelled 8-bit gray images (views into one
 * buffer), ready to be an audit's in-distribution set.
 *
 * @param split - `train` or `test`
 * @param limit - keep only the first `limit` images
 */
export async function loadFashionMnist(
  split: 'train' | 'test',
  options: { limit?: number; dir?: string } = {},
): Promise<LabelledImages> {
  const { images, labels, count, height, width } = await loadFashionMnistArrays(split, options);
  const size = height * width;
  return {
    name: `fashion-mnist-${split}`,
    images: Array.from({ length: count }, (_, i) => ({
      data: images.subarray(i * size, (i + 1) * size),
      width,
      height,
      channels: 1 as const,
    })),
    labels,
  };
}
