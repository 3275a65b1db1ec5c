import { SnowblindError } from '../errors.js';

/**
 * A layer or op the converter has no rule for: the loader catches it, names it in one log line
 * and runs the model on the TF.js engine instead.
 *
 * @param what - e.g. `layer "conv_dw_1" (DepthwiseConv2D with dilation 2)` or `op "Foo" (node x)`
 */
export function unconverted(what: string): SnowblindError {
  return new SnowblindError('UNSUPPORTED_OP', `cannot convert ${what} to ONNX`, {
    hint: 'the model runs on the TF.js engine instead (pass --engine tfjs to say so, and to skip the attempt)',
  });
}
