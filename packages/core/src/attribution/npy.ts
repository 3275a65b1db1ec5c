import { SnowblindError } from '../errors.js';

/**
 * Encodes a float32 array as a NumPy `.npy` file (format 1.0, dtype `'<f4'`, C order), so
 * `numpy.load` reads snowblind's attributions next to Captum's.
 *
 * @param shape - the array shape; its product must equal `array.length`.
 */
export function toNpy(array: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== array.length || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new SnowblindError(
      'SHAPE_MISMATCH',
      `shape [${shape.join(', ')}] does not hold ${array.length} floats`,
    );
  }
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and ended by a
  // newline so the data starts on a 64-byte boundary, as numpy writes it.
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + array.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const offset = 10 + header.length;
  for (let i = 0; i < array.length; i++) view.setFloat32(offset + 4 * i, array[i]!, true);
  return out;
}
