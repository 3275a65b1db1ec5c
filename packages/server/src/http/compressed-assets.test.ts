import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressedAssets, pickCoding } from './compressed-assets.js';

describe('pickCoding', () => {
  it('prefers brotli, then gzip, by the q-values the client sends', () => {
    expect(pickCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickCoding('gzip')).toBe('gzip');
    expect(pickCoding('br;q=0, gzip')).toBe('gzip');
    expect(pickCoding('br;q=0.5, gzip')).toBe('gzip');
    expect(pickCoding('*')).toBe('br');
    expect(pickCoding('deflate')).toBe('identity');
    expect(pickCoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(pickCoding(null)).toBe('identity');
    expect(pickCoding('')).toBe('identity');
  });
});

describe('CompressedAssets', () => {
  const text = new TextEncoder().encode('export const noise = "snow";\n'.repeat(400));

  it('compresses to bytes that decompress to the file, once per version and coding', async () => {
    const cache = new CompressedAssets();
    const br = await cache.get('/d/a.js', 'v1', text, 'br');
    const gz = await cache.get('/d/a.js', 'v1', text, 'gzip');
    expect(new Uint8Array(brotliDecompressSync(br))).toEqual(text);
    expect(new Uint8Array(gunzipSync(gz))).toEqual(text);
    expect(br.byteLength).toBeLessThan(text.byteLength / 10);
    expect(await cache.get('/d/a.js', 'v1', text, 'br')).toBe(br);
    // A rebuilt file (another version) is compressed anew.
    const changed = new TextEncoder().encode('export const other = 1;\n'.repeat(400));
    const again = await cache.get('/d/a.js', 'v2', changed, 'br');
    expect(new Uint8Array(brotliDecompressSync(again))).toEqual(changed);
  });

  it('keeps at most maxBytes of compressed output, dropping the oldest', async () => {
    const first = await new CompressedAssets().get('/d/a.js', 'v1', text, 'gzip');
    const cache = new CompressedAssets(first.byteLength * 1.5);
    const a = await cache.get('/d/a.js', 'v1', text, 'gzip');
    await cache.get('/d/b.js', 'v1', text, 'gzip');
    expect(await cache.get('/d/a.js', 'v1', text, 'gzip')).not.toBe(a);
  });
});
