// xoroshiro128+ (Blackman & Vigna 2018) as pure-rand implements it: the 32-bit output is the low
// word of s0 + s1. Blocks of 624 outputs go to OUT; `rewind` leaves the state just after the
// last word the caller consumed, so the host's generator continues exactly where it would.
import { N, OUT, XS0, XS1 } from './layout';

let s0: u64 = 0;
let s1: u64 = 0;
let blockS0: u64 = 0;
let blockS1: u64 = 0;
let generated = false;

@inline
function step(): void {
  const a = s1 ^ s0;
  s0 = rotl<u64>(s0, 24) ^ a ^ (a << 16);
  s1 = rotl<u64>(a, 37);
}

/** Read the state from STATE; no block is buffered yet. */
export function xoroshiroLoad(): void {
  s0 = load<u64>(XS0);
  s1 = load<u64>(XS1);
  generated = false;
}

/** Write the next 624 outputs to OUT. */
export function xoroshiroBlock(): void {
  blockS0 = s0;
  blockS1 = s1;
  generated = true;
  for (let k: usize = 0; k < <usize>N; k++) {
    store<u32>(OUT + (k << 2), <u32>(s0 + s1));
    step();
  }
}

/**
 * Store to STATE the state just after `consumed` words of the last block (0..624), or the loaded
 * state when no block was generated.
 */
export function xoroshiroRewind(consumed: i32): void {
  if (generated) {
    s0 = blockS0;
    s1 = blockS1;
    for (let k = 0; k < consumed; k++) step();
  }
  store<u64>(XS0, s0);
  store<u64>(XS1, s1);
}
