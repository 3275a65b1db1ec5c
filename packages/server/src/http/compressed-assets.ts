import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import Negotiator from 'negotiator';

/** A content coding the dashboard's files are served in. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Brotli quality 5: about 15 ms for the 500 kB main bundle, 10% larger than quality 11, which
 * takes close to a second and would hold up the first page load after every rebuild.
 */
const BROTLI_QUALITY = 5;

/** Files smaller than this go as they are: a compressed header costs more than it saves. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * The coding to answer `Accept-Encoding` with: brotli, then gzip, by the client's q-values
 * (`br;q=0` refuses brotli); identity without the header or when the client accepts neither.
 */
export function pickCoding(acceptEncoding: string | null | undefined): ContentCoding {
  const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
  const negotiator = new Negotiator({ headers });
  // negotiator 1.x breaks ties between equal q-values by `preferred`; @types/negotiator predates it.
  const encodings = negotiator.encodings.bind(negotiator) as (
    available: string[],
    options: { preferred: string[] },
  ) => string[];
  const [best] = encodings(['br', 'gzip', 'identity'], { preferred: ['br', 'gzip'] });
  return best === 'br' || best === 'gzip' ? best : 'identity';
}

interface Entry {
  readonly version: string;
  readonly body: Uint8Array;
}

/**
 * Compressed copies of the dashboard's text files, made once per file version (path, size and
 * modification time) and kept in memory up to `maxBytes` of compressed output, oldest out first.
 * Compression runs on libuv's thread pool, off the event loop.
 */
export class CompressedAssets {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  /** @param maxBytes - compressed bytes kept; the built dashboard needs about 1 MB for both codings */
  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /**
   * `body` (the file at `path`, version `version`) in `coding`, from the cache when this version
   * was compressed before.
   */
  async get(path: string, version: string, body: Uint8Array, coding: 'br' | 'gzip'): Promise<Uint8Array> {
    const key = `${coding}\0${path}`;
    const hit = this.entries.get(key);
    if (hit?.version === version) return hit.body;
    const compressed = new Uint8Array(
      coding === 'br'
        ? await brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
            },
          })
        : await gzipAsync(body),
    );
    this.remember(key, { version, body: compressed });
    return compressed;
  }

  private remember(key: string, entry: Entry): void {
    this.forget(key);
    if (entry.body.byteLength > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.byteLength;
  }
}
