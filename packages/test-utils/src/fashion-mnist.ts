/** The Fashion-MNIST test split (Debian's `dataset-fashion-mnist`), the in-distribution set of the OOD tests. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What {@link fashionMnistMissing} is about, as skip and failure messages name it. */
export const FASHION_MNIST = 'the Fashion-MNIST test set';

/**
 * Why the tests that need the Fashion-MNIST test split cannot run, or null when `dir` holds it.
 * @param dir - where snowblind reads it: core's `fashionMnistDir()` (`FASHION_MNIST_DIR` or Debian's folder).
 */
export function fashionMnistMissing(dir: string): string | null {
  return existsSync(join(dir, 't10k-images-idx3-ubyte.gz'))
    ? null
    : `no Fashion-MNIST test set at ${dir} (apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR)`;
}
