/**
 * Fashion-MNIST reader: the four gzipped IDX files Debian's `dataset-fashion-mnist` installs
 * under /usr/share/datasets/fashion-mnist (or `$FASHION_MNIST_DIR`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** The 10 class names in label order (Zalando's README). */
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

export const IMAGE_SIZE = 28;

/** One decoded IDX array of unsigned bytes. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Parses an (already gunzipped) IDX file of unsigned bytes: magic `00 00 08 <ndim>`, then ndim
 * big-endian uint32 sizes, then the row-major data.
 */
export function parseIdx(buf: Uint8Array): IdxArray {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new Error('not an IDX file (bad magic)');
  if (buf[2] !== 0x08)
    throw new Error(`IDX element type 0x${buf[2]!.toString(16)} unsupported (want 0x08, ubyte)`);
  const ndim = buf[3]!;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const header = 4 + 4 * ndim;
  if (buf.length < header) throw new Error('IDX header truncated');
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length !== header + size) {
    throw new Error(`IDX data has ${buf.length - header} bytes, dims ${dims.join('×')} need ${size}`);
  }
  return { dims, data: buf.subarray(header) };
}

/** The directory holding the IDX files, or throws with install instructions. */
export function findFashionMnistDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env['FASHION_MNIST_DIR'], DEBIAN_DIR].filter((d): d is string => !!d);
  for (const dir of candidates) {
    if (existsSync(join(dir, 'train-images-idx3-ubyte.gz'))) return dir;
  }
  throw new Error(
    `Fashion-MNIST not found in ${candidates.join(' or ')}.\n` +
      'Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or set ' +
      'FASHION_MNIST_DIR to a folder holding {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz.',
  );
}

/** A split: `count` 28×28 grayscale images (uint8, row-major) and their labels 0–9. */
export interface Split {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

function readIdxGz(path: string): IdxArray {
  return parseIdx(new Uint8Array(gunzipSync(readFileSync(path))));
}

/** Loads `train` (60 000) or `test` (10 000, the `t10k` files). */
export function loadSplit(split: 'train' | 'test', dir = findFashionMnistDir()): Split {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdxGz(join(dir, `${prefix}-images-idx3-ubyte.gz`));
  const labels = readIdxGz(join(dir, `${prefix}-labels-idx1-ubyte.gz`));
  const [n, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== IMAGE_SIZE || w !== IMAGE_SIZE) {
    throw new Error(`unexpected image dims ${images.dims.join('×')}`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== n) throw new Error('label count does not match images');
  return { images: images.data, labels: labels.data, count: n! };
}

/** The input preset `fashion-mnist` applied to bytes: x · (1/255), NHWC float32. */
export function toFloat(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  const scale = 1 / 255;
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! * scale;
  return out;
}
