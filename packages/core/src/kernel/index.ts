/**
 * kernel — the WebAssembly SIMD kernel compiled from `packages/core/assembly/` (AssemblyScript):
 * the polar-method noise sinks that noise/ runs and the RGB-plane pass that image/ runs. The only
 * way into the kernel for the other modules; internal, not part of `@snowblind/core`'s API.
 * @packageDocumentation
 */
export { KERNEL_LAYOUT } from './layout.js';
export {
  type GaussCache,
  KERNEL_MIN_VALUES,
  kernelExports,
  kernelFor,
  type NoiseKernel,
  type NormalSink,
  type ValueWindow,
} from './noise-kernel.js';
