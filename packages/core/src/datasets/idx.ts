import { gunzipSync } from 'node:zlib';
import { SnowblindError } from '../errors.js';

/** A decoded IDX array (the MNIST file format): unsigned bytes with their dimensions. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Decode an IDX file (optionally gzip-compressed), as used by MNIST and Fashion-MNIST.
 * Only the unsigned-byte element type is supported, which is what those datasets use.
 *
 * @remarks Format: two zero bytes, a type byte, a dimension count, then one big-endian
 * uint32 per dimension, then the data in row-major order.
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX file'): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new SnowblindError('BAD_INPUT', `${name} is not an IDX file`, {
      hint: 'expected an MNIST-style IDX file (optionally .gz)',
    });
  }
  if (raw[2] !== UBYTE) {
    throw new SnowblindError('BAD_INPUT', `${name} has IDX element type 0x${raw[2]!.toString(16)}`, {
      hint: 'only unsigned-byte IDX files (type 0x08) are supported',
    });
  }
  const rank = raw[3]!;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.length < offset + size) {
    throw new SnowblindError('BAD_INPUT', `${name} is truncated (${raw.length - offset} of ${size} bytes)`, {
      hint: 'the download or package is incomplete; reinstall it',
    });
  }
  return { dims, data: raw.subarray(offset, offset + size) };
}
