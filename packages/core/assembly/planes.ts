// Preprocessing's last step for the common case, the RGB crop of an RGB image into NCHW float32
// planes through per-channel lookup tables (src/image/normalize.ts builds the tables; this only
// moves values). It lives in the noise kernel's module to share its build; a separate instance
// with its own memory runs it (src/image/wasm-planes.ts).

/**
 * For each pixel of the h × w box at (top, left) of the RGB image at `src` (`rowBytes` per row),
 * writes table[c][byte of channel order[c]] into plane c of `dst`. `tables` holds three tables of
 * 256 float32; `order` packs the source channel of planes 0, 1, 2 in bits 0–1, 2–3, 4–5.
 */
export function rgbPlanes(
  src: usize,
  rowBytes: i32,
  top: i32,
  left: i32,
  h: i32,
  w: i32,
  tables: usize,
  order: i32,
  dst: usize,
): void {
  const plane = (<usize>(h * w)) << 2;
  const c0 = <usize>(order & 3);
  const c1 = <usize>((order >> 2) & 3);
  const c2 = <usize>((order >> 4) & 3);
  for (let y = 0; y < h; y++) {
    let p = src + <usize>((y + top) * rowBytes + left * 3);
    let o = dst + ((<usize>(y * w)) << 2);
    const end = o + ((<usize>w) << 2);
    for (; o < end; o += 4, p += 3) {
      store<f32>(o, load<f32>(tables + ((<usize>load<u8>(p + c0)) << 2)));
      store<f32>(o + plane, load<f32>(tables + 1024 + ((<usize>load<u8>(p + c1)) << 2)));
      store<f32>(o + 2 * plane, load<f32>(tables + 2048 + ((<usize>load<u8>(p + c2)) << 2)));
    }
  }
}
