// Memory layout shared by the kernel's files and the host (src/kernel/noise-kernel.ts reads it
// from src/kernel/layout.ts, which scripts/build-layout.mjs generates from this file).
//   MT      624 × i32   MT19937 state words
//   OUT     624 × i32   output words of the current block (tempered MT words, or xoroshiro outputs)
//   STATE   i32 pos (next word of OUT), i32 has (gauss cache flag), f64 cached normal,
//           i64 xoroshiro s0, i64 xoroshiro s1, f64 mean, f64 std (clipped-bytes sink),
//           i32 × 5 window of needed values (byte sinks): row length, top, bottom, left, right
//   8192…   static data: SIMD constants, the compaction table (build-wasm.mjs's --memoryBase)
//   DST     output: bytes, or f64 normals
export const N: i32 = 624;
export const MT: usize = 0;
export const OUT: usize = 2560;
export const STATE: usize = 5120;
export const POS: usize = STATE;
export const HAS: usize = STATE + 4;
export const CACHED: usize = STATE + 8;
export const XS0: usize = STATE + 16;
export const XS1: usize = STATE + 24;
export const MEAN: usize = STATE + 32;
export const STD: usize = STATE + 40;
export const WIN_ROW: usize = STATE + 48;
export const WIN_TOP: usize = STATE + 52;
export const WIN_BOTTOM: usize = STATE + 56;
export const WIN_LEFT: usize = STATE + 60;
export const WIN_RIGHT: usize = STATE + 64;
export const DST: usize = 65536;
