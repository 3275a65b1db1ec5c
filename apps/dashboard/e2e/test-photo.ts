import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A small grayscale PNG standing in for a real photo: light trousers (two legs joined at the
 * waist) on black, the way Fashion-MNIST draws them, so the upload path has something to explain.
 */
export function trousersPng(size = 56): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(size + 1); // filter byte 0, then one gray byte per pixel
    for (let x = 0; x < size; x++) {
      const u = x / size;
      const v = y / size;
      const waist = v > 0.1 && v < 0.3 && u > 0.3 && u < 0.7;
      const legs = v >= 0.3 && v < 0.92 && ((u > 0.3 && u < 0.47) || (u > 0.53 && u < 0.7));
      row[x + 1] = waist || legs ? 200 : 0;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
