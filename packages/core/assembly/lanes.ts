// SIMD constants shared by the kernel's files, kept in memory: V8 rebuilds a v128.const at each
// use inside a loop (several instructions), while a load folds into the instruction using it.
export const ONE_F64 = memory.data<f64>([1, 1], 16);
export const ZERO_F64 = memory.data<f64>([0, 0], 16);
/** 2^26 and 2^-52: a 53-bit double from two words, q = (a·2^26 + b), x = q·2^-52 − 1. */
export const HIGH_WORD_SCALE = memory.data<f64>([67108864, 67108864], 16);
export const UNIT_SCALE = memory.data<f64>([2.220446049250313e-16, 2.220446049250313e-16], 16);
