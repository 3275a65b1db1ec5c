import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { InDistributionSet } from '../audit/audit-types.js';
import { SnowblindError } from '../errors.js';
import { decodeImage } from '../image/index.js';
import { loadFashionMnist } from './fashion-mnist.js';

/** Named in-distribution sets snowblind can load by itself. */
export const NAMED_DATASETS = ['fashion-mnist-test', 'fashion-mnist-train'] as const;

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff', '.gif']);

/**
 * The real images an audit compares noise against: a named dataset (`fashion-mnist-test`) or a
 * folder of image files (sorted by name, unlabelled).
 *
 * @param limit - keep the first `limit` images
 */
export async function loadInDistribution(
  source: string,
  options: { limit?: number } = {},
): Promise<InDistributionSet> {
  const limit = options.limit === undefined ? {} : { limit: options.limit };
  if (source === 'fashion-mnist-test') return loadFashionMnist('test', limit);
  if (source === 'fashion-mnist-train') return loadFashionMnist('train', limit);
  if (!existsSync(source) || !statSync(source).isDirectory()) {
    throw new SnowblindError('BAD_INPUT', `"${source}" is neither a known dataset nor a folder of images`, {
      hint: `use ${NAMED_DATASETS.join(' or ')}, or a folder of PNG/JPEG photos of what the model was trained on`,
    });
  }
  const files = (await readdir(source))
    .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
    .sort()
    .slice(0, options.limit);
  if (files.length === 0) {
    throw new SnowblindError('BAD_INPUT', `no image files in ${source}`, {
      hint: 'put PNG or JPEG files in the folder',
    });
  }
  const images = [];
  for (const file of files) images.push(await decodeImage(join(source, file)));
  return { name: source, images };
}
